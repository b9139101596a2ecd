using Marketplace.Application.Dashboard;

namespace Marketplace.Web.Pages.Shared;

/// <summary>A horizontal bar chart drawn with CSS only (no script, so it works under a strict CSP), with the numbers beside the bars.</summary>
/// <param name="Note">
/// Shown instead of the total when the bars overlap (an engineer can belong to several clusters, so their sum would
/// exceed the head count and mislead).
/// </param>
public sealed record BarChartModel(string Title, IReadOnlyList<LabelledCount> Items, string? LinkPrefix, string? Note = null);
