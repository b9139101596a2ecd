using Marketplace.Domain.Engineers;

namespace Marketplace.Domain.Accreditation;

/// <summary>A spending category of the studio startup fund, under one of the seed's two groups (硬件建设 / 业务活动).</summary>
public sealed record FundCategory(string Code, string Name, string Group);

public enum TargetComparison
{
    /// <summary>左右: an approximate figure.</summary>
    About = 1,

    /// <summary>以上: a minimum.</summary>
    AtLeast = 2,
}

/// <summary>One of the province's 2030 targets for mentoring studios.</summary>
public sealed record ProgrammeTarget(string Code, string Name, int Value, TargetComparison Comparison, string Unit);

/// <summary>A training path (带培路径) or form (带培方式) named by the seed.</summary>
public sealed record TrainingKind(string Code, string Name);

public sealed record FormField(string Code, string Label, string Type, string? Unit);

public sealed record FormTableRow(string Code, string Label, string? Computed);

/// <summary>
/// A table of the application form: <c>rows</c> tables take any number of rows of the given columns (the printed form
/// shows <see cref="PrintedRows"/> blank lines); <c>matrix</c> tables have fixed rows × columns of numbers.
/// </summary>
public sealed record FormTable(
    string Code, string Name, string Kind, int? PrintedRows, IReadOnlyList<FormField> Columns, IReadOnlyList<FormTableRow> Rows);

public sealed record FormSection(string Code, string Name, IReadOnlyList<FormField> Fields, IReadOnlyList<FormTable> Tables);

/// <summary>One item of the materials list (附件2), with the parts it must cover.</summary>
public sealed record MaterialItem(string Code, string SeedNumber, string Name, IReadOnlyList<string> Parts);

/// <summary>
/// 卓越工程师带培工作室 programme of seed 000 as data: who may apply and host, the notice period, the startup fund and
/// its categories, the build cycle, the province's 2030 targets, and the application form (附件1) and materials (附件2).
/// </summary>
public sealed class StudioProgramme
{
    public StudioProgramme(
        string version,
        string document,
        DateOnly effectiveFrom,
        ProfessionalTitle hostTitle,
        int noticeWorkingDays,
        decimal startupFundYuan,
        IReadOnlyList<FundCategory> fundCategories,
        int buildCycleYears,
        int targetYear,
        IReadOnlyList<ProgrammeTarget> targets,
        IReadOnlyList<TrainingKind> trainingPaths,
        IReadOnlyList<TrainingKind> trainingForms,
        IReadOnlyList<FormSection> formSections,
        IReadOnlyList<MaterialItem> materials,
        IReadOnlyList<string> notes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(fundCategories);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(trainingPaths);
        ArgumentNullException.ThrowIfNull(trainingForms);
        ArgumentNullException.ThrowIfNull(formSections);
        ArgumentNullException.ThrowIfNull(materials);
        ArgumentNullException.ThrowIfNull(notes);
        if (startupFundYuan <= 0 || buildCycleYears <= 0 || noticeWorkingDays <= 0)
        {
            throw new ArgumentException($"Studio programme {version}: fund, cycle and notice period must be positive.");
        }

        if (fundCategories.Count == 0 || fundCategories.Select(c => c.Code).Distinct(StringComparer.Ordinal).Count() != fundCategories.Count)
        {
            throw new ArgumentException($"Studio programme {version}: fund categories are missing or their codes are not unique.");
        }

        var codes = formSections.SelectMany(s => s.Fields.Select(f => $"{s.Code}.{f.Code}").Concat(s.Tables.Select(t => $"{s.Code}.{t.Code}"))).ToList();
        if (formSections.Count == 0 || codes.Distinct(StringComparer.Ordinal).Count() != codes.Count)
        {
            throw new ArgumentException($"Studio programme {version}: form sections are missing or a field code repeats within a section.");
        }

        Version = version;
        Document = document;
        EffectiveFrom = effectiveFrom;
        HostTitle = hostTitle;
        NoticeWorkingDays = noticeWorkingDays;
        StartupFundYuan = startupFundYuan;
        FundCategories = [.. fundCategories];
        BuildCycleYears = buildCycleYears;
        TargetYear = targetYear;
        Targets = [.. targets];
        TrainingPaths = [.. trainingPaths];
        TrainingForms = [.. trainingForms];
        FormSections = [.. formSections];
        Materials = [.. materials];
        Notes = [.. notes];
    }

    public string Version { get; }

    public string Document { get; }

    public DateOnly EffectiveFrom { get; }

    /// <summary>The studio host (主持人) must hold at least this title (正高级).</summary>
    public ProfessionalTitle HostTitle { get; }

    public int NoticeWorkingDays { get; }

    /// <summary>启动资金 per studio, in CNY.</summary>
    public decimal StartupFundYuan { get; }

    public IReadOnlyList<FundCategory> FundCategories { get; }

    /// <summary>建设周期, re-evaluated before it ends.</summary>
    public int BuildCycleYears { get; }

    public int TargetYear { get; }

    public IReadOnlyList<ProgrammeTarget> Targets { get; }

    public IReadOnlyList<TrainingKind> TrainingPaths { get; }

    public IReadOnlyList<TrainingKind> TrainingForms { get; }

    public IReadOnlyList<FormSection> FormSections { get; }

    public IReadOnlyList<MaterialItem> Materials { get; }

    public IReadOnlyList<string> Notes { get; }

    /// <summary>Whether someone holding <paramref name="title"/> may host a studio.</summary>
    public bool MayHost(ProfessionalTitle? title) => title is { } t && t >= HostTitle;
}
