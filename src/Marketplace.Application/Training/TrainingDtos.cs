using Marketplace.Domain.Engineers;
using Marketplace.Domain.Training;

namespace Marketplace.Application.Training;

public sealed record TrainingKindDto(string Code, string Name, bool IsPath);

public sealed record TraineeDto(
    Guid Id, Guid? EngineerId, string Name, string? Employer, ProfessionalTitle? Title, string TitleName, decimal Hours,
    TrainingResult? Result, string? ResultName, string? CertificateNumber, DateTimeOffset? ResultRecordedAt);

public sealed record TrainingAuditDto(string Action, Guid UserId, DateTimeOffset At, string? Note);

public sealed record TrainingEventDto(
    Guid Id, Guid OwnerOrganizationId, string OwnerName, TrainingProgramme Programme, string ProgrammeName, string RegionCode,
    string KindCode, string KindName, string Title, DateOnly StartDate, DateOnly EndDate, decimal Hours, string? Place,
    string? OrganizerNote, bool Ended, bool CanEdit, IReadOnlyList<TraineeDto> Trainees, Guid CreatedBy, DateTimeOffset CreatedAt,
    Guid UpdatedBy, DateTimeOffset UpdatedAt, uint Version, IReadOnlyList<TrainingAuditDto> Audit);

public sealed record TrainingEventSummaryDto(
    Guid Id, Guid OwnerOrganizationId, string OwnerName, TrainingProgramme Programme, string ProgrammeName, string KindCode,
    string KindName, string Title, DateOnly StartDate, DateOnly EndDate, decimal Hours, int TraineeCount, int ResultCount, uint Version);

public sealed record MentorPairingDto(
    Guid Id, Guid OwnerOrganizationId, string OwnerName, TrainingProgramme Programme, string ProgrammeName,
    Guid MentorEngineerId, string MentorName, string MentorTitleName, Guid TraineeEngineerId, string TraineeName, string TraineeTitleName,
    DateOnly StartDate, DateOnly PlannedEndDate, string Goals, PairingStatus Status, string StatusName, DateOnly? EndedOn,
    string? StopReason, string? OutcomeNote, bool CanEdit, Guid CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version,
    IReadOnlyList<TrainingAuditDto> Audit);

/// <summary>One title level's row of a tally: distinct people, person-times and attended hours.</summary>
public sealed record TitleTallyDto(string TitleCode, string TitleName, int People, int PersonTimes, decimal Hours);

public sealed record KindTallyDto(string KindCode, string KindName, int Events, int PersonTimes, decimal Hours);

/// <summary>
/// An owner's year: events ending in the year, trainees who passed (优秀/合格) by title level, and the pairs. Each
/// person counts once, at the highest title they held in the year's records; person-times count every pass.
/// </summary>
public sealed record TrainingTallyDto(
    Guid OwnerOrganizationId, string OwnerName, TrainingProgramme Programme, string ProgrammeName, int Year, int Events,
    int People, int PersonTimes, decimal Hours, IReadOnlyList<TitleTallyDto> ByTitle, IReadOnlyList<KindTallyDto> ByKind,
    int PairsActive, int PairsCompleted, int PairsStopped);

/// <summary>One 2030 target against what the records count so far.</summary>
public sealed record TargetProgressDto(string Code, string Name, int Target, string Unit, int Actual, decimal Percent);

/// <summary>
/// The province against seed 000's 2030 targets, counted from the training records between the document's effective
/// date and the end of the target year: distinct senior-title people (高级, 正高级), distinct engineers and assistant
/// engineers (中级, 初级), and person-times of every pass.
/// </summary>
public sealed record ProvinceTrainingTallyDto(
    DateOnly From, DateOnly To, int TargetYear, int SeniorPeople, int EngineerAndAssistantPeople, int PersonTimes, decimal Hours,
    int Owners, IReadOnlyList<TargetProgressDto> Targets, IReadOnlyList<TitleTallyDto> ByTitle);
