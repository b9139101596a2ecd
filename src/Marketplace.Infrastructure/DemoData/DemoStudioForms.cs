using System.Globalization;
using Marketplace.Domain.Accreditation;

namespace Marketplace.Infrastructure.DemoData;

/// <summary>
/// A complete 附件1 for one enterprise, filled in from the programme's own form definition (every field by its type,
/// every matrix cell), so demo studios and tests stay valid when the seed's form changes.
/// </summary>
public static class DemoStudioForms
{
    public static StudioForm Complete(StudioProgramme programme, string unitName, string hostName, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var rng = new Random(seed);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new Dictionary<string, List<Dictionary<string, string>>>(StringComparer.Ordinal);
        var matrices = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var section in programme.FormSections)
        {
            foreach (var field in section.Fields)
            {
                var key = $"{section.Code}.{field.Code}";
                if (key == StudioFormRules.RecommenderOpinionKey)
                {
                    continue;
                }

                fields[key] = (section.Code, field.Code, field.Type) switch
                {
                    ("basic", "unitName", _) => unitName,
                    ("host", "name", _) => hostName,
                    ("host", "gender", _) => rng.Next(4) == 0 ? "女" : "男",
                    ("host", "politicalStatus", _) => "中共党员",
                    ("host", "nativePlace", _) => "湖南长沙",
                    ("basic", "ownership", _) => "有限责任公司",
                    (_, _, "integer") => (300 + rng.Next(5000)).ToString(CultureInfo.InvariantCulture),
                    (_, _, "decimal") => (3 + rng.Next(80) + (rng.Next(100) / 100m)).ToString("0.00", CultureInfo.InvariantCulture),
                    (_, _, "percent") => (3 + rng.Next(6) + (rng.Next(10) / 10m)).ToString("0.0", CultureInfo.InvariantCulture),
                    (_, _, "postcode") => "4100" + rng.Next(10, 99).ToString(CultureInfo.InvariantCulture),
                    (_, _, "phone") => "0731-8" + rng.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture),
                    (_, _, "year-month") => $"{1966 + rng.Next(14)}-{1 + rng.Next(12):00}",
                    (_, _, "signed-opinion") => "情况属实，同意申报。",
                    (_, _, "longtext") => $"{field.Label.Split('：')[^1]}：详见建设方案第{1 + rng.Next(6)}部分。",
                    _ => $"{field.Label}（{unitName}）",
                };
            }

            foreach (var table in section.Tables)
            {
                var key = $"{section.Code}.{table.Code}";
                if (table.Kind == "matrix")
                {
                    var targets = key == StudioFormRules.TargetsTable;
                    matrices[key] = table.Rows.Where(r => r.Computed is null)
                        .SelectMany(r => table.Columns.Select(c => (Key: $"{r.Code}.{c.Code}", Value: targets ? TargetCell(rng, c.Code) : 1 + rng.Next(6))))
                        .ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
                }
                else
                {
                    rows[key] = [.. Enumerable.Range(1, 2).Select(n => table.Columns.ToDictionary(
                        c => c.Code,
                        c => c.Code == "no" ? n.ToString(CultureInfo.InvariantCulture) : c.Code == "nature" ? (n == 1 ? "高校" : "科研院所") : $"{c.Label.Split('（')[0]}{n}",
                        StringComparer.Ordinal))];
                }
            }
        }

        return new StudioForm(fields, rows, matrices);
    }

    private static int TargetCell(Random rng, string column) => column switch
    {
        "professor-senior" => rng.Next(3),
        "senior" => 3 + rng.Next(8),
        _ => 10 + rng.Next(30),
    };
}
