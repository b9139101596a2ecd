using Marketplace.Domain.Common;

namespace Marketplace.Domain.Training;

/// <summary>
/// 传帮带: one mentor engineer and one trainee engineer, paired by a center or studio for a planned period, ending in
/// 结业 (with an outcome) or 中止 (with a reason). Both people are engineer profiles on the platform.
/// </summary>
public sealed class MentorPairing
{
    public const int GoalsMaxLength = 2000;
    public const int NoteMaxLength = 2000;

    private List<TrainingAuditEntry> _audit = [];

    private MentorPairing() { }

    public Guid Id { get; private set; }

    public Guid OwnerOrganizationId { get; private set; }

    public TrainingProgramme Programme { get; private set; }

    public string RegionCode { get; private set; } = "";

    public Guid MentorEngineerId { get; private set; }

    public Guid TraineeEngineerId { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly PlannedEndDate { get; private set; }

    public string Goals { get; private set; } = "";

    public PairingStatus Status { get; private set; }

    /// <summary>结业 or 中止 date (China time).</summary>
    public DateOnly? EndedOn { get; private set; }

    public string? StopReason { get; private set; }

    public string? OutcomeNote { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid UpdatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<TrainingAuditEntry> Audit => _audit;

    public static MentorPairing Start(
        Guid id, Guid ownerOrganizationId, TrainingProgramme programme, string regionCode, Guid mentorEngineerId, Guid traineeEngineerId,
        DateOnly startDate, DateOnly plannedEndDate, string? goals, Guid userId, DateTimeOffset now)
    {
        if (!Enum.IsDefined(programme))
        {
            throw new DomainException("项目类型无效", "传帮带结对应属于工程师协同创新中心或卓越工程师带培工作室。", "programme_unknown");
        }

        var pairing = new MentorPairing
        {
            Id = id,
            OwnerOrganizationId = ownerOrganizationId,
            Programme = programme,
            RegionCode = regionCode,
            Status = PairingStatus.InProgress,
            CreatedBy = userId,
            CreatedAt = now,
        };
        pairing.Apply(mentorEngineerId, traineeEngineerId, startDate, plannedEndDate, goals);
        pairing.Touch("create", userId, now, null);
        return pairing;
    }

    public void Revise(Guid mentorEngineerId, Guid traineeEngineerId, DateOnly startDate, DateOnly plannedEndDate, string? goals, Guid userId, DateTimeOffset now)
    {
        RequireInProgress("修改结对");
        Apply(mentorEngineerId, traineeEngineerId, startDate, plannedEndDate, goals);
        Touch("revise", userId, now, null);
    }

    /// <summary>结业: today (China time), not before the pairing started.</summary>
    public void Complete(string? outcomeNote, Guid userId, DateTimeOffset now)
    {
        RequireInProgress("结业");
        var today = Today(now);
        if (today < StartDate)
        {
            throw new DomainConflictException("结对尚未开始", $"结对自 {StartDate:yyyy-MM-dd} 开始，开始前不能结业。", "pairing_not_started");
        }

        OutcomeNote = Guard.OptionalText(outcomeNote, "结业成果", NoteMaxLength);
        Status = PairingStatus.Completed;
        EndedOn = today;
        Touch("complete", userId, now, OutcomeNote);
    }

    /// <summary>中止, with the reason (a mentor leaving, a trainee changing jobs …).</summary>
    public void Stop(string? reason, Guid userId, DateTimeOffset now)
    {
        RequireInProgress("中止");
        StopReason = Guard.Text(reason, "中止原因", NoteMaxLength);
        Status = PairingStatus.Stopped;
        EndedOn = Today(now);
        Touch("stop", userId, now, StopReason);
    }

    private void Apply(Guid mentorEngineerId, Guid traineeEngineerId, DateOnly startDate, DateOnly plannedEndDate, string? goals)
    {
        if (mentorEngineerId == Guid.Empty || traineeEngineerId == Guid.Empty)
        {
            throw new DomainException("缺少结对双方", "请选择导师和学员。", "pairing_party_required");
        }

        if (mentorEngineerId == traineeEngineerId)
        {
            throw new DomainException("导师与学员相同", "导师和学员不能是同一名工程师。", "mentor_is_trainee");
        }

        if (plannedEndDate < startDate)
        {
            throw new DomainException("日期无效", $"计划结束日期（{plannedEndDate:yyyy-MM-dd}）不能早于开始日期（{startDate:yyyy-MM-dd}）。", "end_before_start");
        }

        MentorEngineerId = mentorEngineerId;
        TraineeEngineerId = traineeEngineerId;
        StartDate = startDate;
        PlannedEndDate = plannedEndDate;
        Goals = Guard.Text(goals, "带培目标", GoalsMaxLength);
    }

    private void RequireInProgress(string action)
    {
        if (Status != PairingStatus.InProgress)
        {
            throw new DomainConflictException(
                "当前状态不允许该操作", $"结对已{TrainingVocabulary.Name(Status)}，不能再{action}。", "invalid_state");
        }
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(ChinaTime.Offset).DateTime);

    private void Touch(string action, Guid userId, DateTimeOffset now, string? note)
    {
        UpdatedBy = userId;
        UpdatedAt = now;
        _audit.Add(new TrainingAuditEntry(action, userId, now, note));
    }
}
