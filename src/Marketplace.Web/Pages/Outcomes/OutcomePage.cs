using System.Globalization;
using Marketplace.Application.Outcomes;

namespace Marketplace.Web.Pages.Outcomes;

/// <summary>Formatting shared by the outcome pages: figures without needless decimals, money with thousands separators.</summary>
public static class OutcomeFormat
{
    public static string Value(decimal value) =>
        value.ToString(value == Math.Round(value) ? "#,0" : "#,0.##", CultureInfo.InvariantCulture);

    public static string Change(FigureDto f) =>
        f.LastYear == 0 ? "—" : ((f.Value - f.LastYear) / f.LastYear).ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);

    public static string Completion(FigureDto f) =>
        f.Target is { } t && t > 0 ? (f.Value / t).ToString("0.0%", CultureInfo.InvariantCulture) : "—";

    public static string RecordsUrl(Guid centerId, int year, string key) => $"/Outcomes/Center/{centerId}/Records?key={Uri.EscapeDataString(key)}&year={year}";

    public static string StudioRecordsUrl(Guid studioId, int year, string key) => $"/Outcomes/StudioRecords?id={studioId}&key={Uri.EscapeDataString(key)}&year={year}";

    public static string StudioUrl(Guid studioId, int year) => $"/Outcomes/Studio?id={studioId}&year={year}";

    public static string ChartUrl(Guid centerId, int year, string chart) => $"/api/outcomes/centers/{centerId}/charts/{chart}.png?year={year}";
}
