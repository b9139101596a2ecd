using System.Globalization;
using System.Text.RegularExpressions;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Accreditation;

/// <summary>
/// The filled-in 附件1 (湖南省卓越工程师带培工作室建设申报表), keyed by the codes of the programme's form definition rather
/// than by C# properties, so a re-issued form is new data, not new code. <see cref="Fields"/>: "section.field" → text;
/// <see cref="Rows"/>: "section.table" → rows of column → text; <see cref="Matrices"/>: "section.table" → "row.column" → count.
/// </summary>
public sealed record StudioForm(
    Dictionary<string, string> Fields,
    Dictionary<string, List<Dictionary<string, string>>> Rows,
    Dictionary<string, Dictionary<string, int>> Matrices)
{
    public static StudioForm Empty => new([], [], []);

    public string? Field(string key) => Fields.TryGetValue(key, out var value) ? value : null;

    public int Cell(string table, string row, string column) =>
        Matrices.TryGetValue(table, out var cells) && cells.TryGetValue($"{row}.{column}", out var n) ? n : 0;

    public IReadOnlyList<Dictionary<string, string>> RowsOf(string table) => Rows.TryGetValue(table, out var rows) ? rows : [];
}

/// <summary>Checks a <see cref="StudioForm"/> against the programme's form definition (field types, known codes, completeness).</summary>
public static partial class StudioFormRules
{
    public const int TextMaxLength = 200;
    public const int LongTextMaxLength = 4000;
    public const int MaxRows = 50;
    public const int MaxCount = 100_000;

    /// <summary>The 市州 opinion of 三、推荐意见 is written by the city's two sign-offs, not typed by the applicant.</summary>
    public const string RecommenderOpinionKey = "opinions.recommenderOpinion";

    public const string MentorsTable = "foundation.mentors";
    public const string TargetsTable = "foundation.targets";

    /// <summary>
    /// Normalizes a draft: trims text, drops blanks, refuses unknown codes and values of the wrong type (the message names
    /// the form's own label). Completeness is left to <see cref="Missing"/>, checked at submission.
    /// </summary>
    public static StudioForm Normalize(StudioProgramme programme, StudioForm? input)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var form = input ?? StudioForm.Empty;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, raw) in form.Fields ?? [])
        {
            var (_, field) = FieldOf(programme, key);
            if (key == RecommenderOpinionKey)
            {
                if (!string.IsNullOrWhiteSpace(raw))
                {
                    throw new DomainException("该栏由市州填写", $"“{field.Label}”由市州人社、财政部门审核时填写，申报单位不能填写。", "form_field_not_applicant");
                }

                continue;
            }

            var value = Check(field, raw, field.Label);
            if (value is not null)
            {
                fields[key] = value;
            }
        }

        var rows = new Dictionary<string, List<Dictionary<string, string>>>(StringComparer.Ordinal);
        foreach (var (key, inputRows) in form.Rows ?? [])
        {
            var table = TableOf(programme, key, "rows");
            var kept = new List<Dictionary<string, string>>();
            foreach (var inputRow in inputRows ?? [])
            {
                var row = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (column, raw) in inputRow ?? [])
                {
                    var definition = table.Columns.FirstOrDefault(c => c.Code == column)
                        ?? throw new DomainException("未知的表格栏目", $"“{table.Name}”没有栏目 {column}。", "form_column_unknown");
                    var value = Check(definition, raw, $"{table.Name}第 {kept.Count + 1} 行的“{definition.Label}”");
                    if (value is not null)
                    {
                        row[column] = value;
                    }
                }

                // A row left blank on the printed form is not a row; 序号 alone does not make one either.
                if (row.Keys.Any(k => k != "no"))
                {
                    // 序号 is the row's position when the applicant leaves it blank, as on the paper form.
                    if (table.Columns.Any(c => c.Code == "no"))
                    {
                        row["no"] = (kept.Count + 1).ToString(CultureInfo.InvariantCulture);
                    }

                    kept.Add(row);
                }
            }

            if (kept.Count > MaxRows)
            {
                throw new DomainException("表格行数过多", $"“{table.Name}”最多填写 {MaxRows} 行。", "form_too_many_rows");
            }

            if (kept.Count > 0)
            {
                rows[key] = kept;
            }
        }

        var matrices = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (key, inputCells) in form.Matrices ?? [])
        {
            var table = TableOf(programme, key, "matrix");
            var cells = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (cell, n) in inputCells ?? [])
            {
                var parts = cell.Split('.', 2);
                var row = table.Rows.FirstOrDefault(r => parts.Length == 2 && r.Code == parts[0]);
                var column = table.Columns.FirstOrDefault(c => parts.Length == 2 && c.Code == parts[1]);
                if (row is null || column is null)
                {
                    throw new DomainException("未知的表格栏目", $"“{table.Name}”没有单元格 {cell}。", "form_column_unknown");
                }

                if (row.Computed is not null)
                {
                    // 师资总数 is the sum of the rows above it (seed note); a typed total could disagree with them.
                    continue;
                }

                if (n < 0 || n > MaxCount)
                {
                    throw new DomainException("人数无效", $"“{table.Name}”中“{row.Label}·{column.Label}”应为 0 到 {MaxCount} 之间的整数。", "form_value_invalid");
                }

                cells[cell] = n;
            }

            matrices[key] = cells;
        }

        return new StudioForm(fields, rows, matrices);
    }

    /// <summary>What is still missing for submission, by the form's labels: every field the applicant fills, every cell of every table, complete rows.</summary>
    public static IReadOnlyList<string> Missing(StudioProgramme programme, StudioForm form)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(form);
        var missing = new List<string>();
        foreach (var section in programme.FormSections)
        {
            foreach (var field in section.Fields)
            {
                var key = $"{section.Code}.{field.Code}";
                if (key != RecommenderOpinionKey && string.IsNullOrEmpty(form.Field(key)))
                {
                    missing.Add($"{section.Name}·{field.Label}");
                }
            }

            foreach (var table in section.Tables)
            {
                var key = $"{section.Code}.{table.Code}";
                if (table.Kind == "matrix")
                {
                    var cells = form.Matrices.TryGetValue(key, out var c) ? c : [];
                    if (table.Rows.Where(r => r.Computed is null).Any(r => table.Columns.Any(col => !cells.ContainsKey($"{r.Code}.{col.Code}"))))
                    {
                        missing.Add($"{section.Name}·{table.Name}");
                    }
                }
                else
                {
                    var incomplete = form.RowsOf(key).Select((row, i) => (row, i))
                        .Where(x => table.Columns.Any(col => !x.row.ContainsKey(col.Code)))
                        .Select(x => $"{table.Name}第 {x.i + 1} 行");
                    missing.AddRange(incomplete);
                }
            }
        }

        return missing;
    }

    /// <summary>A matrix row's total (the 师资总数 row sums every other row of its column).</summary>
    public static int Total(StudioProgramme programme, StudioForm form, string tableKey, string column)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(form);
        var table = TableOf(programme, tableKey, "matrix");
        return table.Rows.Where(r => r.Computed is null).Sum(r => form.Cell(tableKey, r.Code, column));
    }

    public static FormTable TableOf(StudioProgramme programme, string key, string kind)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var (sectionCode, code) = Split(key);
        var table = programme.FormSections.FirstOrDefault(s => s.Code == sectionCode)?.Tables.FirstOrDefault(t => t.Code == code);
        return table is not null && table.Kind == kind
            ? table
            : throw new DomainException("未知的表格", $"申报表没有表格 {key}。", "form_table_unknown");
    }

    private static (FormSection Section, FormField Field) FieldOf(StudioProgramme programme, string key)
    {
        var (sectionCode, code) = Split(key);
        var section = programme.FormSections.FirstOrDefault(s => s.Code == sectionCode);
        var field = section?.Fields.FirstOrDefault(f => f.Code == code);
        return section is not null && field is not null
            ? (section, field)
            : throw new DomainException("未知的申报表栏目", $"申报表没有栏目 {key}。", "form_field_unknown");
    }

    private static (string Section, string Code) Split(string key)
    {
        var parts = (key ?? "").Split('.', 2);
        return parts.Length == 2 ? (parts[0], parts[1]) : ("", key ?? "");
    }

    /// <summary>One value by its declared type; null when blank.</summary>
    private static string? Check(FormField field, string? raw, string label)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var ok = field.Type switch
        {
            "text" => value.Length <= TextMaxLength,
            "longtext" or "signed-opinion" => value.Length <= LongTextMaxLength,
            "integer" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= MaxCount * 100,
            "decimal" => decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d <= 1_000_000m,
            "percent" => decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) && p <= 100m,
            "postcode" => PostcodePattern().IsMatch(value),
            "phone" => PhonePattern().IsMatch(value),
            "year-month" => DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var ym) && ym.Year >= 1900,
            _ => value.Length <= TextMaxLength,
        };
        if (!ok)
        {
            var expected = field.Type switch
            {
                "text" => $"不超过 {TextMaxLength} 个字符的文字",
                "longtext" or "signed-opinion" => $"不超过 {LongTextMaxLength} 个字符的文字",
                "integer" => "非负整数",
                "decimal" => $"非负数{(field.Unit is { } u ? $"（单位：{u}）" : "")}",
                "percent" => "0 到 100 之间的百分数",
                "postcode" => "6 位数字邮编",
                "phone" => "电话号码（数字，可含区号连字符）",
                "year-month" => "年月，如 1975-06",
                _ => "有效值",
            };
            throw new DomainException("申报表填写有误", $"“{label}”应为{expected}，收到“{(value.Length > 40 ? value[..40] + "…" : value)}”。", "form_value_invalid");
        }

        return value;
    }

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex PostcodePattern();

    [GeneratedRegex(@"^\+?[0-9][0-9 \-]{5,18}[0-9]$")]
    private static partial Regex PhonePattern();
}
