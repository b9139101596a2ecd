namespace Marketplace.Web;

/// <summary>Marker for the UI's shared string resources (Resources/SharedResource.{culture}.resx).</summary>
public sealed class SharedResource;
