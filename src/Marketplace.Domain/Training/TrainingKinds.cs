using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Training;

/// <summary>Whose training it is: an engineer collaborative innovation center's (seed 001) or a mentoring studio's (seed 000).</summary>
public enum TrainingProgramme
{
    /// <summary>工程师协同创新中心: owned by the center's operator organization.</summary>
    Center = 1,

    /// <summary>卓越工程师带培工作室: owned by the studio's host enterprise.</summary>
    Studio = 2,
}

/// <summary>A trainee's result: 优秀 and 合格 count towards the tallies; 不合格 and 未完成 do not.</summary>
public enum TrainingResult
{
    /// <summary>优秀.</summary>
    Excellent = 1,

    /// <summary>合格.</summary>
    Passed = 2,

    /// <summary>不合格.</summary>
    Failed = 3,

    /// <summary>未完成.</summary>
    Incomplete = 4,
}

/// <summary>传帮带 pairing state.</summary>
public enum PairingStatus
{
    /// <summary>进行中.</summary>
    InProgress = 1,

    /// <summary>结业.</summary>
    Completed = 2,

    /// <summary>中止.</summary>
    Stopped = 3,
}

/// <summary>Who did what to a training record, and when (the record's own audit trail).</summary>
public sealed record TrainingAuditEntry(string Action, Guid UserId, DateTimeOffset At, string? Note);

public static class TrainingVocabulary
{
    public static string Name(TrainingProgramme programme) => programme switch
    {
        TrainingProgramme.Center => "工程师协同创新中心",
        TrainingProgramme.Studio => "卓越工程师带培工作室",
        _ => programme.ToString(),
    };

    public static string Name(TrainingResult result) => result switch
    {
        TrainingResult.Excellent => "优秀",
        TrainingResult.Passed => "合格",
        TrainingResult.Failed => "不合格",
        TrainingResult.Incomplete => "未完成",
        _ => result.ToString(),
    };

    public static string Name(PairingStatus status) => status switch
    {
        PairingStatus.InProgress => "进行中",
        PairingStatus.Completed => "结业",
        PairingStatus.Stopped => "中止",
        _ => status.ToString(),
    };

    /// <summary>A result that counts as having been trained (优秀, 合格).</summary>
    public static bool Counts(TrainingResult? result) => result is TrainingResult.Excellent or TrainingResult.Passed;
}

/// <summary>
/// The fixed list of training kinds: the seed's three forms (研修研讨, 继续教育, 挂职或跟班跟师学习) followed by its four
/// 带培 paths. Codes and names come from seed/accreditation/studio-form, so a re-issued document renames them in one place.
/// </summary>
public sealed class TrainingKindCatalog
{
    public TrainingKindCatalog(StudioProgramme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        Kinds = [.. programme.TrainingForms, .. programme.TrainingPaths];
        Paths = [.. programme.TrainingPaths.Select(p => p.Code)];
    }

    public IReadOnlyList<TrainingKind> Kinds { get; }

    /// <summary>The codes of the four 带培 paths (the rest are forms).</summary>
    public IReadOnlyList<string> Paths { get; }

    public TrainingKind Get(string? code) =>
        Kinds.FirstOrDefault(k => string.Equals(k.Code, code, StringComparison.Ordinal))
        ?? throw new DomainException("未知的培训类型", $"培训类型“{code}”不在研修研讨、继续教育、挂职或跟班跟师学习和四类带培路径之内。", "training_kind_unknown");

    public string Name(string code) => Kinds.FirstOrDefault(k => k.Code == code)?.Name ?? code;
}
