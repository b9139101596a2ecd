using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Engineers;

namespace Marketplace.Infrastructure.ReferenceData;

/// <summary>
/// Reads the accreditation rules (seed/accreditation) and the holiday calendar (seed/calendar) into domain objects.
/// Nothing goes to the database: the rules are versioned files shipped with the app, and what a score sheet or an
/// application needs from them is its version id. Every rubric version found is loaded, so sheets made against an older
/// version can still be shown and aggregated; the condition checklist and the studio programme take their highest
/// file version. Malformed data fails here, naming the file, rather than later in a ranking.
/// </summary>
public static partial class AccreditationDataLoader
{
    // A field missing from a file, or null where the record says it cannot be, fails the load.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "seed", "accreditation");

    public static string DefaultCalendarFolder => Path.Combine(AppContext.BaseDirectory, "seed", "calendar");

    public static AccreditationReferenceSet ReadFiles(string? folder = null)
    {
        folder ??= DefaultFolder;
        return new AccreditationReferenceSet(
            ReadRubrics(folder),
            ReadConditions(Latest(folder, "center-conditions")),
            ReadStudioProgramme(Latest(folder, "studio-form")));
    }

    /// <summary>All <c>center-rubric.v*.json</c> files of the folder.</summary>
    public static RubricCatalog ReadRubrics(string folder)
    {
        var files = Versions(folder, "center-rubric");
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"No center-rubric.v*.json in {folder}");
        }

        return new RubricCatalog(files.Select(f => ReadRubric(f.Path)));
    }

    public static Rubric ReadRubric(string path) => Build(path, (RubricFile f) => new Rubric(
        f.Version,
        f.Document,
        f.Title,
        f.IssuedOn,
        f.BaseTotal,
        f.BonusCap,
        f.TotalCap,
        [.. f.PrimaryIndicators.Select(p => new PrimaryIndicator(
            p.Code, p.Name, p.Points,
            [.. p.SecondaryIndicators.Select(s => new SecondaryIndicator(s.Code, s.SeedNumber, s.Name, s.MaxPoints, s.Description, p.Code))]))],
        [.. f.Bonus.Items.Select(b => new BonusItem(
            b.Code, b.Name, b.Text, ParseScoring(b.Scoring), b.MaxClaims,
            [.. (b.Bands ?? []).Select(x => new BonusBand(x.Name, x.MinPoints, x.MaxPoints))],
            [.. (b.Levels ?? []).Select(x => new BonusLevel(x.Code, x.Name, x.Points))]))],
        f.Veto.Text,
        [.. f.Veto.Items.Select(v => new VetoItem(v.Code, v.Name, v.Text))],
        f.Notes ?? []), check: f => f.Bonus.Cap == f.BonusCap);

    public static CenterConditionChecklist ReadConditions(string path) => Build(path, (ConditionsFile f) => new CenterConditionChecklist(
        f.Version,
        f.Document,
        [.. f.Conditions.Select(c => new BasicCondition(c.Code, c.SeedNumber, c.Name, c.Text, c.Evidence))],
        f.Notes ?? []));

    public static StudioProgramme ReadStudioProgramme(string path) => Build(path, (StudioFile f) => new StudioProgramme(
        f.Version,
        f.Document,
        f.EffectiveFrom,
        ParseTitle(f.Applicant.HostTitleCode),
        f.NoticeWorkingDays,
        f.StartupFund.AmountYuan,
        [.. f.StartupFund.Categories.Select(c => new FundCategory(c.Code, c.Name, c.Group))],
        f.BuildCycle.Years,
        f.Targets.Year,
        [.. f.Targets.Items.Select(t => new ProgrammeTarget(t.Code, t.Name, t.Value, ParseComparison(t.Comparison), t.Unit))],
        [.. f.TrainingPaths.Select(t => new TrainingKind(t.Code, t.Name))],
        [.. f.TrainingForms.Select(t => new TrainingKind(t.Code, t.Name))],
        [.. f.Form.Sections.Select(s => new FormSection(
            s.Code, s.Name,
            [.. s.Fields.Select(Field)],
            [.. (s.Tables ?? []).Select(t => new FormTable(
                t.Code, t.Name, t.Kind, t.PrintedRows,
                [.. t.Columns.Select(Field)],
                [.. (t.Rows ?? []).Select(r => new FormTableRow(r.Code, r.Label, r.Computed))]))]))],
        [.. f.Materials.Items.Select(m => new MaterialItem(m.Code, m.SeedNumber, m.Name, m.Parts))],
        f.Notes ?? []));

    /// <summary>Every <c>cn-holidays-*.json</c> of the calendar folder, merged into one calendar.</summary>
    public static WorkingCalendar ReadCalendar(string? folder = null)
    {
        folder ??= DefaultCalendarFolder;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Calendar folder not found: {folder}");
        }

        var files = Directory.GetFiles(folder, "cn-holidays-*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"No cn-holidays-*.json in {folder}");
        }

        var years = files.SelectMany(path => Build(path, (CalendarFile f) => f.Years.Select(y => new CalendarYear(
            y.Year,
            y.Status switch
            {
                "published" => false,
                "provisional" => true,
                _ => throw new InvalidDataException($"year {y.Year}: status must be published or provisional, not '{y.Status}'"),
            },
            y.Source,
            [.. y.Holidays.Select(d => new CalendarDay(d.Date, d.Name))],
            [.. y.WorkingDays.Select(d => new CalendarDay(d.Date, d.Name))])).ToList())).ToList();
        try
        {
            return new WorkingCalendar(years);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{folder}: {e.Message}", e);
        }
    }

    private static FormField Field(FieldJson f) => new(f.Code, f.Label, f.Type, f.Unit);

    private static T Build<TFile, T>(string path, Func<TFile, T> build, Func<TFile, bool>? check = null)
    {
        var name = Path.GetFileName(path);
        try
        {
            var file = JsonSerializer.Deserialize<TFile>(File.ReadAllText(path), Json) ?? throw new InvalidDataException("the file is empty");
            if (check is not null && !check(file))
            {
                throw new InvalidDataException("the file contradicts itself");
            }

            return build(file);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"{name}: {e.Message}", e);
        }
    }

    private static string Latest(string folder, string stem) =>
        Versions(folder, stem) is { Count: > 0 } files
            ? files[^1].Path
            : throw new FileNotFoundException($"No {stem}.v*.json in {folder}");

    private static List<(int Version, string Path)> Versions(string folder, string stem)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Accreditation data folder not found: {folder}");
        }

        return [.. Directory.GetFiles(folder, stem + ".v*.json")
            .Select(p => (Match: VersionPattern().Match(Path.GetFileName(p)), Path: p))
            .Where(x => x.Match.Success && Path.GetFileName(x.Path).StartsWith(stem + ".v", StringComparison.Ordinal))
            .Select(x => (int.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x.Path))
            .OrderBy(x => x.Item1)];
    }

    private static BonusScoring ParseScoring(string value) => value switch
    {
        "range" => BonusScoring.Range,
        "per-item" => BonusScoring.PerItem,
        _ => throw new InvalidDataException($"bonus scoring must be range or per-item, not '{value}'"),
    };

    private static TargetComparison ParseComparison(string value) => value switch
    {
        "about" => TargetComparison.About,
        "at-least" => TargetComparison.AtLeast,
        _ => throw new InvalidDataException($"target comparison must be about or at-least, not '{value}'"),
    };

    private static ProfessionalTitle ParseTitle(string code) =>
        Enum.GetValues<ProfessionalTitle>().Where(t => EngineerVocabulary.Code(t) == code).Select(t => (ProfessionalTitle?)t).FirstOrDefault()
        ?? throw new InvalidDataException($"unknown title code '{code}'");

    [GeneratedRegex(@"\.v(\d+)\.json$")]
    private static partial Regex VersionPattern();

    private sealed record RubricFile(
        string Version, string Document, string Title, DateOnly IssuedOn, decimal BaseTotal, decimal BonusCap, decimal TotalCap,
        List<PrimaryJson> PrimaryIndicators, BonusJson Bonus, VetoJson Veto, List<string>? Notes = null);

    private sealed record PrimaryJson(string Code, string Name, decimal Points, List<SecondaryJson> SecondaryIndicators);

    private sealed record SecondaryJson(string Code, string SeedNumber, string Name, decimal MaxPoints, string Description);

    private sealed record BonusJson(decimal Cap, List<BonusItemJson> Items);

    private sealed record BonusItemJson(
        string Code, string Name, string Text, string Scoring, int? MaxClaims = null, List<BandJson>? Bands = null, List<LevelJson>? Levels = null);

    private sealed record BandJson(string Name, decimal MinPoints, decimal MaxPoints);

    private sealed record LevelJson(string Code, string Name, decimal Points);

    private sealed record VetoJson(string Text, List<VetoItemJson> Items);

    private sealed record VetoItemJson(string Code, string Name, string Text);

    private sealed record ConditionsFile(string Version, string Document, List<ConditionJson> Conditions, List<string>? Notes = null);

    private sealed record ConditionJson(string Code, string SeedNumber, string Name, string Text, List<string> Evidence);

    private sealed record StudioFile(
        string Version, string Document, DateOnly EffectiveFrom, ApplicantJson Applicant, int NoticeWorkingDays, FundJson StartupFund,
        CycleJson BuildCycle, TargetsJson Targets, List<KindJson> TrainingPaths, List<KindJson> TrainingForms, FormJson Form,
        MaterialsJson Materials, List<string>? Notes = null);

    private sealed record ApplicantJson(string HostTitleCode);

    private sealed record FundJson(decimal AmountYuan, List<CategoryJson> Categories);

    private sealed record CategoryJson(string Code, string Name, string Group);

    private sealed record CycleJson(int Years);

    private sealed record TargetsJson(int Year, List<TargetJson> Items);

    private sealed record TargetJson(string Code, string Name, int Value, string Comparison, string Unit);

    private sealed record KindJson(string Code, string Name);

    private sealed record FormJson(List<SectionJson> Sections);

    private sealed record SectionJson(string Code, string Name, List<FieldJson> Fields, List<TableJson>? Tables = null);

    private sealed record FieldJson(string Code, string Label, string Type, string? Unit = null);

    private sealed record TableJson(string Code, string Name, string Kind, List<FieldJson> Columns, int? PrintedRows = null, List<RowJson>? Rows = null);

    private sealed record RowJson(string Code, string Label, string? Computed = null);

    private sealed record MaterialsJson(List<MaterialJson> Items);

    private sealed record MaterialJson(string Code, string SeedNumber, string Name, List<string> Parts);

    private sealed record CalendarFile(List<CalendarYearJson> Years);

    private sealed record CalendarYearJson(int Year, string Status, string Source, List<DayJson> Holidays, List<DayJson> WorkingDays);

    private sealed record DayJson(DateOnly Date, string Name);
}

/// <summary>The accreditation rules the platform runs on.</summary>
public sealed record AccreditationReferenceSet(
    RubricCatalog Rubrics,
    CenterConditionChecklist CenterConditions,
    StudioProgramme StudioProgramme);
