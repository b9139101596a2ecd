using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;

namespace Marketplace.Domain.Training;

/// <summary>What the owner types about an event; checked by <see cref="TrainingEvent"/>.</summary>
public sealed record TrainingEventDetails(
    string KindCode, string Title, DateOnly StartDate, DateOnly EndDate, decimal Hours, string? Place, string? OrganizerNote);

/// <summary>
/// One trainee line as the owner enters it: an engineer on the platform (name and title filled from the profile by the
/// handler) or a name only. <see cref="Id"/> is set for a line that already exists, so its result survives an edit.
/// </summary>
public sealed record TraineeInput(Guid? Id, Guid? EngineerId, string Name, string? Employer, ProfessionalTitle? Title, decimal Hours);

/// <summary>A trainee of one event: who, the title held at the time, hours attended, and the result once the event ended.</summary>
public sealed class Trainee
{
    private Trainee() { }

    public Guid Id { get; private set; }

    /// <summary>The engineer's profile when the trainee is on the platform; null for someone known by name only.</summary>
    public Guid? EngineerId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>工作单位, which tells two trainees of the same name apart when neither is on the platform.</summary>
    public string? Employer { get; private set; }

    /// <summary>职称 at the time of the event (null: none); later promotions do not rewrite it.</summary>
    public ProfessionalTitle? Title { get; private set; }

    public decimal Hours { get; private set; }

    public TrainingResult? Result { get; private set; }

    public string? CertificateNumber { get; private set; }

    public Guid? ResultRecordedBy { get; private set; }

    public DateTimeOffset? ResultRecordedAt { get; private set; }

    /// <summary>Who this trainee is across events: the engineer when on the platform, else name and employer.</summary>
    public string PersonKey => PersonKeyOf(EngineerId, Name, Employer);

    public static string PersonKeyOf(Guid? engineerId, string name, string? employer) =>
        engineerId is { } id ? "e:" + id.ToString("N") : "n:" + name.Trim() + "|" + (employer ?? "").Trim();

    internal static Trainee Create(Guid id, TraineeInput input, decimal eventHours)
    {
        var trainee = new Trainee { Id = id, EngineerId = input.EngineerId };
        trainee.Change(input, eventHours);
        return trainee;
    }

    internal void Change(TraineeInput input, decimal eventHours)
    {
        Name = Guard.Text(input.Name, "学员姓名", TrainingEvent.NameMaxLength);
        Employer = Guard.OptionalText(input.Employer, "学员工作单位", TrainingEvent.NameMaxLength);
        if (input.Title is { } title && !Enum.IsDefined(title))
        {
            throw new DomainException("职称无效", $"学员{Name}的职称不在职称参考数据之内。", "title_unknown");
        }

        Title = input.Title;
        EngineerId = input.EngineerId;
        Hours = TrainingEvent.CheckTraineeHours(Name, input.Hours, eventHours);
    }

    internal void RecordResult(TrainingResult result, string? certificateNumber, Guid userId, DateTimeOffset now)
    {
        if (!Enum.IsDefined(result))
        {
            throw new DomainException("结果无效", "培训结果应为优秀、合格、不合格或未完成。", "result_unknown");
        }

        Result = result;
        CertificateNumber = Guard.OptionalText(certificateNumber, "证书编号", TrainingEvent.CertificateMaxLength);
        ResultRecordedBy = userId;
        ResultRecordedAt = now;
    }
}

/// <summary>
/// 培训活动: one seminar, course, secondment or 带培 activity of a center or a studio, with its trainees (issue 7 item 6).
/// Owned by an organization and a programme rather than by a center or studio entity, so the records stand before
/// those exist. Every change stamps the event's own row, so its xmin guards the trainees too.
/// </summary>
public sealed class TrainingEvent
{
    public const int TitleMaxLength = 200;
    public const int PlaceMaxLength = 200;
    public const int NoteMaxLength = 2000;
    public const int NameMaxLength = 100;
    public const int CertificateMaxLength = 100;
    public const int MaxTrainees = 500;
    public const decimal MaxHours = 10_000m;

    private List<Trainee> _trainees = [];
    private List<TrainingAuditEntry> _audit = [];

    private TrainingEvent() { }

    public Guid Id { get; private set; }

    public Guid OwnerOrganizationId { get; private set; }

    public TrainingProgramme Programme { get; private set; }

    /// <summary>The owner's region when the event was recorded: decides which city bureau reads it.</summary>
    public string RegionCode { get; private set; } = "";

    public string KindCode { get; private set; } = "";

    public string Title { get; private set; } = "";

    public DateOnly StartDate { get; private set; }

    public DateOnly EndDate { get; private set; }

    /// <summary>学时 of the whole event; no trainee attends more.</summary>
    public decimal Hours { get; private set; }

    public string? Place { get; private set; }

    public string? OrganizerNote { get; private set; }

    public IReadOnlyList<Trainee> Trainees => _trainees;

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid UpdatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<TrainingAuditEntry> Audit => _audit;

    public bool HasResults => _trainees.Any(t => t.Result is not null);

    public static TrainingEvent Record(
        Guid id, Guid ownerOrganizationId, TrainingProgramme programme, string regionCode, TrainingKindCatalog kinds,
        TrainingEventDetails details, IReadOnlyList<TraineeInput> trainees, Guid userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(trainees);
        if (!Enum.IsDefined(programme))
        {
            throw new DomainException("项目类型无效", "培训记录应属于工程师协同创新中心或卓越工程师带培工作室。", "programme_unknown");
        }

        var training = new TrainingEvent
        {
            Id = id,
            OwnerOrganizationId = ownerOrganizationId,
            Programme = programme,
            RegionCode = regionCode,
            CreatedBy = userId,
            CreatedAt = now,
        };
        training.Apply(kinds, details);
        training.ReplaceTrainees(trainees);
        training.Touch("create", userId, now, null);
        return training;
    }

    /// <summary>Changes the details and the trainee list together (the event form); lines keep their results by id.</summary>
    public void Revise(TrainingKindCatalog kinds, TrainingEventDetails details, IReadOnlyList<TraineeInput> trainees, Guid userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(trainees);
        var ended = HasResults;
        Apply(kinds, details);
        if (ended && !HasEnded(now))
        {
            // A result says the event is over; moving its end into the future would leave results that could not yet exist.
            throw new DomainConflictException("已有培训结果", "已登记培训结果的活动，结束日期不能改到今天之后。", "results_before_end");
        }

        ReplaceTrainees(trainees);
        Touch("revise", userId, now, null);
    }

    public Trainee AddTrainee(Guid id, TraineeInput input, Guid userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_trainees.Count >= MaxTrainees)
        {
            throw new DomainException("学员过多", $"一次培训活动最多登记 {MaxTrainees} 名学员。", "too_many_trainees");
        }

        var trainee = Trainee.Create(id, input, Hours);
        EnsureNotListed(trainee.PersonKey, trainee.Name, null);
        _trainees.Add(trainee);
        Touch("add-trainee", userId, now, trainee.Name);
        return trainee;
    }

    public void RemoveTrainee(Guid traineeId, Guid userId, DateTimeOffset now)
    {
        var trainee = Find(traineeId);
        _trainees.Remove(trainee);
        Touch("remove-trainee", userId, now, trainee.Name);
    }

    /// <summary>Results only once the event has ended (on or after its last day, China time): before that there is nothing to assess.</summary>
    public void RecordResult(Guid traineeId, TrainingResult result, string? certificateNumber, Guid userId, DateTimeOffset now)
    {
        var trainee = Find(traineeId);
        if (!HasEnded(now))
        {
            throw new DomainConflictException(
                "培训尚未结束", $"培训活动“{Title}”于 {EndDate:yyyy-MM-dd} 结束，结束后才能登记培训结果。", "training_not_ended");
        }

        trainee.RecordResult(result, certificateNumber, userId, now);
        Touch("record-result", userId, now, $"{trainee.Name}：{TrainingVocabulary.Name(result)}");
    }

    /// <summary>Whether the event's last day has come, in China time.</summary>
    public bool HasEnded(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(ChinaTime.Offset).DateTime) >= EndDate;

    internal static decimal CheckTraineeHours(string name, decimal hours, decimal eventHours)
    {
        if (hours <= 0 || hours > eventHours)
        {
            throw new DomainException(
                "参训学时超出范围", $"学员{name}的参训学时应大于 0、且不超过活动学时 {eventHours:0.#}，收到 {hours:0.#}。", "trainee_hours_out_of_range");
        }

        return hours;
    }

    private void Apply(TrainingKindCatalog kinds, TrainingEventDetails details)
    {
        KindCode = kinds.Get(details.KindCode).Code;
        Title = Guard.Text(details.Title, "活动名称", TitleMaxLength);
        if (details.EndDate < details.StartDate)
        {
            throw new DomainException("日期无效", $"结束日期（{details.EndDate:yyyy-MM-dd}）不能早于开始日期（{details.StartDate:yyyy-MM-dd}）。", "end_before_start");
        }

        if (details.Hours <= 0 || details.Hours > MaxHours || decimal.Round(details.Hours, 1) != details.Hours)
        {
            throw new DomainException("学时无效", $"活动学时应大于 0、不超过 {MaxHours:0}，最多一位小数。", "hours_out_of_range");
        }

        StartDate = details.StartDate;
        EndDate = details.EndDate;
        Hours = details.Hours;
        Place = Guard.OptionalText(details.Place, "地点", PlaceMaxLength);
        OrganizerNote = Guard.OptionalText(details.OrganizerNote, "组织说明", NoteMaxLength);
    }

    private void ReplaceTrainees(IReadOnlyList<TraineeInput> inputs)
    {
        if (inputs.Count > MaxTrainees)
        {
            throw new DomainException("学员过多", $"一次培训活动最多登记 {MaxTrainees} 名学员。", "too_many_trainees");
        }

        var kept = new List<Trainee>();
        foreach (var input in inputs)
        {
            var existing = input.Id is { } id ? _trainees.FirstOrDefault(t => t.Id == id) : null;
            Trainee trainee;
            if (existing is null)
            {
                // An id the event does not know is not trusted as a key: the line is new.
                trainee = Trainee.Create(Guid.NewGuid(), input, Hours);
            }
            else
            {
                existing.Change(input, Hours);
                trainee = existing;
            }

            if (kept.Any(k => k.PersonKey == trainee.PersonKey))
            {
                throw Duplicate(trainee.Name);
            }

            kept.Add(trainee);
        }

        // Lines the form did not send are removed; the event's hours may have shrunk under the kept ones, checked above.
        _trainees = kept;
    }

    private void EnsureNotListed(string personKey, string name, Guid? except)
    {
        if (_trainees.Any(t => t.PersonKey == personKey && t.Id != except))
        {
            throw Duplicate(name);
        }
    }

    private DomainException Duplicate(string name) =>
        new("学员重复", $"学员{name}已在培训活动“{Title}”的名单中，同一活动不能重复登记。", "duplicate_trainee");

    private Trainee Find(Guid traineeId) =>
        _trainees.FirstOrDefault(t => t.Id == traineeId)
        ?? throw new DomainException("学员不存在", "该学员不在本次培训活动的名单中。", "trainee_unknown");

    private void Touch(string action, Guid userId, DateTimeOffset now, string? note)
    {
        UpdatedBy = userId;
        UpdatedAt = now;
        _audit.Add(new TrainingAuditEntry(action, userId, now, note));
    }
}
