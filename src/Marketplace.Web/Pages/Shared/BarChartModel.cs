using Marketplace.Application.Dashboard;

namespace Marketplace.Web.Pages.Shared;

/// <summary>A horizontal bar chart drawn with CSS only (no script, so it works under a strict CSP), with the numbers beside the bars.</summary>
public sealed record BarChartModel(string Title, IReadOnlyList<LabelledCount> Items, string? LinkPrefix);
