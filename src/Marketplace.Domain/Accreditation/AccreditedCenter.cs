using Marketplace.Domain.Common;

namespace Marketplace.Domain.Accreditation;

/// <summary>The stage of a recognized center (seed 001 第十二条): 培育期 → 运行, or 培育期 → 整改期 → 运行 / 撤销.</summary>
public enum CenterStage
{
    /// <summary>培育期: the year after recognition, ended by the cultivation evaluation.</summary>
    Cultivation = 1,

    /// <summary>整改期: one year given after a failed cultivation evaluation, ended by a second evaluation.</summary>
    Rectification = 2,

    /// <summary>运行 (正式认定): passed an evaluation; under 动态管理 with yearly reports.</summary>
    Operating = 3,

    /// <summary>已撤销: final. Nothing is recorded after it.</summary>
    Revoked = 4,
}

/// <summary>Which evaluation: the one ending the cultivation year, or the one ending the rectification year.</summary>
public enum CenterEvaluationPeriod
{
    Cultivation = 1,
    Rectification = 2,
}

/// <summary>One evaluation result, with the period it closed, when it was due and who decided why.</summary>
public sealed record CenterEvaluation(
    CenterEvaluationPeriod Period, DateOnly DueOn, bool Passed, string Opinion, DateOnly EvaluatedOn, DateTimeOffset At, Guid? ByUserId);

/// <summary>
/// 年度建设运行情况报告 for one calendar year: filed by the center (again, while not yet received), then marked received by
/// the province. Only a received report counts as submitted (decision 4x): the receipt is the province's record of it.
/// </summary>
public sealed record AnnualReport(
    int Year, string Summary, Guid? FileId, string? FileName, DateTimeOffset FiledAt, Guid? FiledByUserId, DateTimeOffset? ReceivedAt, Guid? ReceivedByUserId)
{
    public bool Received => ReceivedAt is not null;
}

/// <summary>
/// When the report on a calendar year is due: a day of the following year. Seed 001 says only "每年"; the day is
/// configuration (Accreditation:Lifecycle:AnnualReportDue, default 01-31; decision 4x).
/// </summary>
public sealed record AnnualReportSchedule(int Month, int Day)
{
    public static AnnualReportSchedule Default { get; } = new(1, 31);

    public DateOnly DueOn(int year) => new(year + 1, Month, Math.Min(Day, DateTime.DaysInMonth(year + 1, Month)));

    /// <summary>Parses "MM-dd" (e.g. "03-31"); null when it is not a day of the year.</summary>
    public static AnnualReportSchedule? Parse(string? text)
    {
        var parts = (text ?? "").Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], out var m) && int.TryParse(parts[1], out var d) && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(2024, m)
            ? new AnnualReportSchedule(m, d)
            : null;
    }
}

public enum ObligationKind
{
    Evaluation = 1,
    AnnualReport = 2,
}

public enum ObligationState
{
    /// <summary>Not yet within the due-soon window.</summary>
    Upcoming = 1,

    /// <summary>Due within the window (its due day included).</summary>
    DueSoon = 2,

    /// <summary>The due day has passed.</summary>
    Overdue = 3,
}

/// <summary>Something the center or the province still owes: an evaluation or a year's report, with its due day.</summary>
public sealed record CenterObligation(ObligationKind Kind, string Key, DateOnly DueOn, ObligationState State, int? Year, CenterEvaluationPeriod? Period, bool Filed)
{
    /// <summary>The reminder raised for this obligation in this state; stored so a reminder is raised once.</summary>
    public string ReminderKey => $"{Key}:{State}";

    public string Label => Kind == ObligationKind.Evaluation
        ? (Period == CenterEvaluationPeriod.Cultivation ? "培育期满评估" : "整改期满评估")
        : $"{Year}年度建设运行情况报告";
}

/// <summary>
/// 工程师协同创新中心 after recognition (seed 001 第十二至十四条, issue 7): created in the same transaction as the
/// recognition of its application; then the cultivation year and its evaluation, a rectification year after a fail, a
/// yearly report, the flag for two consecutive years without one, and revocation. Every decision appends to the audit
/// trail who took it, as which party, when and why. The center's own side is <see cref="AccreditationParty.Applicant"/>
/// (a member of the recognized organization); decisions are the province's.
/// </summary>
public sealed class AccreditedCenter
{
    public const int OpinionMaxLength = 2000;
    public const int SummaryMaxLength = 20_000;
    public const int ReasonMaxLength = 2000;

    private List<CenterEvaluation> _evaluations = [];
    private List<AnnualReport> _reports = [];
    private List<EvaluationSelfAssessment> _selfAssessments = [];
    private List<AccreditationAuditEntry> _audit = [];

    private AccreditedCenter() { }

    public Guid Id { get; private set; }

    public Guid ApplicationId { get; private set; }

    public Guid RoundId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string RegionCode { get; private set; } = "";

    /// <summary>认定文号.</summary>
    public string DocumentNumber { get; private set; } = "";

    public DateOnly RecognizedOn { get; private set; }

    public CenterStage Stage { get; private set; }

    /// <summary>End of the 培育期: one year from recognition; the cultivation evaluation is due on it.</summary>
    public DateOnly CultivationEndsOn { get; private set; }

    /// <summary>End of the 整改期: one year from the failed cultivation evaluation; the second evaluation is due on it.</summary>
    public DateOnly? RectificationEndsOn { get; private set; }

    public IReadOnlyList<CenterEvaluation> Evaluations => _evaluations;

    public IReadOnlyList<AnnualReport> Reports => _reports;

    /// <summary>The 自评 sent with each evaluation, one per period (<see cref="AttachSelfAssessment"/>).</summary>
    public IReadOnlyList<EvaluationSelfAssessment> SelfAssessments => _selfAssessments;

    /// <summary>连续两年未提交年度运行报告 (第十四条): set by the platform, shown to the province with the years missing.</summary>
    public bool FlaggedForRevocation { get; private set; }

    public List<int> FlaggedYears { get; private set; } = [];

    public DateTimeOffset? FlaggedAt { get; private set; }

    public DateOnly? RevokedOn { get; private set; }

    public string? RevocationReason { get; private set; }

    /// <summary>The reminders already raised (<see cref="CenterObligation.ReminderKey"/>), so a sweep raises each once.</summary>
    public List<string> RemindersSent { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<AccreditationAuditEntry> Audit => _audit;

    public bool IsRevoked => Stage == CenterStage.Revoked;

    /// <summary>The evaluation the center is waiting for, and its due day; none once operating or revoked.</summary>
    public (CenterEvaluationPeriod Period, DateOnly DueOn)? PendingEvaluation => Stage switch
    {
        CenterStage.Cultivation => (CenterEvaluationPeriod.Cultivation, CultivationEndsOn),
        CenterStage.Rectification => (CenterEvaluationPeriod.Rectification, RectificationEndsOn!.Value),
        _ => null,
    };

    /// <summary>发文认定 starts the center: only from an application the province has just recognized.</summary>
    public static AccreditedCenter Recognize(Guid id, CenterApplication application, AccreditationActor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(actor);
        RequireProvince(actor, "认定");
        if (application.Status != CenterApplicationStatus.Recognized || application.RecognizedOn is not { } on || application.RecognitionDocumentNumber is not { } number)
        {
            throw new DomainConflictException("申报尚未认定", "只有已发文认定的申报才能建立中心。", "application_not_recognized");
        }

        var center = new AccreditedCenter
        {
            Id = id,
            ApplicationId = application.Id,
            RoundId = application.RoundId,
            OrganizationId = application.ApplicantOrganizationId,
            RegionCode = application.RegionCode,
            DocumentNumber = number,
            RecognizedOn = on,
            Stage = CenterStage.Cultivation,
            CultivationEndsOn = on.AddYears(1),
            CreatedAt = now,
            UpdatedAt = now,
        };
        center.Record(actor, "recognize", CenterStage.Cultivation, CenterStage.Cultivation,
            $"{number}，{on:yyyy-MM-dd} 认定；培育期至 {center.CultivationEndsOn:yyyy-MM-dd}", now);
        return center;
    }

    /// <summary>
    /// 评估 of the period the caller names (so a repeated request cannot evaluate the next period by accident): not before
    /// it is due, once per period. Pass → 运行; a failed cultivation → 整改期 of one year from today; a failed
    /// rectification → 撤销, the opinion being the reason.
    /// </summary>
    public void Evaluate(AccreditationActor actor, CenterEvaluationPeriod period, bool passed, string opinion, DateOnly today, DateTimeOffset now)
    {
        RequireProvince(actor, "评估");
        RequireNotRevoked("评估");
        if (_evaluations.Any(e => e.Period == period))
        {
            throw new DomainConflictException("该期评估已完成", $"{PeriodName(period)}已经评估过，不能重复评估。", "evaluation_done");
        }

        if (PendingEvaluation is not { } pending || pending.Period != period)
        {
            throw new DomainConflictException("当前阶段不能进行该评估", $"中心当前处于“{StageName(Stage)}”，不能进行{PeriodName(period)}。", "evaluation_not_pending");
        }

        if (today < pending.DueOn)
        {
            throw new DomainConflictException("评估尚未到期", $"{PeriodName(period)}应于 {pending.DueOn:yyyy-MM-dd} 期满后进行。", "evaluation_not_due");
        }

        var text = Guard.Text(opinion, "评估意见", OpinionMaxLength);
        _evaluations.Add(new CenterEvaluation(period, pending.DueOn, passed, text, today, now, actor.UserId));
        var result = passed ? "合格" : "不合格";
        if (passed)
        {
            Move(actor, "evaluate_pass", CenterStage.Operating, $"{PeriodName(period)}{result}：{text}", now);
        }
        else if (period == CenterEvaluationPeriod.Cultivation)
        {
            RectificationEndsOn = today.AddYears(1);
            Move(actor, "evaluate_fail", CenterStage.Rectification, $"{PeriodName(period)}{result}，给予一年整改期（至 {RectificationEndsOn:yyyy-MM-dd}）：{text}", now);
        }
        else
        {
            RevokedOn = today;
            RevocationReason = $"整改后评估仍不合格：{text}";
            Move(actor, "evaluate_fail_revoke", CenterStage.Revoked, RevocationReason, now);
        }
    }

    /// <summary>
    /// 附送自评: the center's side sends its self-assessment with the evaluation it is waiting for, built on one calendar
    /// year's records (from the year of recognition to this one). Every indicator must be marked. Sent again before the
    /// evaluation, it replaces the earlier one; a center with no evaluation pending (运行, 撤销) has nothing to send it with.
    /// </summary>
    public EvaluationSelfAssessment AttachSelfAssessment(AccreditationActor actor, int year, Rubric rubric, IEnumerable<SelfAssessmentMark> marks, DateOnly today, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(rubric);
        if (actor.Party != AccreditationParty.Applicant)
        {
            throw new DomainForbiddenException("没有权限", "只有中心运营单位可以随评估报送自评。", "forbidden_party");
        }

        RequireNotRevoked("报送自评");
        if (PendingEvaluation is not { } pending)
        {
            throw new DomainConflictException("没有待进行的评估", $"中心当前处于“{StageName(Stage)}”，没有待进行的评估；自评随年度报告报送。", "evaluation_not_pending");
        }

        if (year < RecognizedOn.Year || year > today.Year)
        {
            throw new DomainException("自评年度无效", $"自评可依据 {RecognizedOn.Year} 年至 {today.Year} 年的记录，收到 {year} 年。", "self_assessment_year_invalid");
        }

        var attached = EvaluationSelfAssessment.Create(pending.Period, year, rubric, marks, actor.UserId, now);
        var replaced = _selfAssessments.RemoveAll(s => s.Period == pending.Period) > 0;
        _selfAssessments.Add(attached);
        Record(actor, replaced ? "reattach_self_assessment" : "attach_self_assessment", Stage, Stage,
            $"随{PeriodName(pending.Period)}报送自评：{attached.Total:0.##} 分（依据 {year} 年度记录）", now);
        return attached;
    }

    /// <summary>
    /// 提交年度报告 for a calendar year from the year of recognition to this one; filed again it replaces the earlier
    /// filing until the province has received it. Another feature generates the content and calls this (issue 7 item 5).
    /// </summary>
    public AnnualReport FileAnnualReport(AccreditationActor actor, int year, string summary, Guid? fileId, string? fileName, DateOnly today, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Party != AccreditationParty.Applicant)
        {
            throw new DomainForbiddenException("没有权限", "只有中心运营单位可以提交年度报告。", "forbidden_party");
        }

        RequireNotRevoked("提交年度报告");
        if (year < RecognizedOn.Year || year > today.Year)
        {
            throw new DomainException("报告年度无效", $"可提交 {RecognizedOn.Year} 年至 {today.Year} 年的年度报告，收到 {year} 年。", "report_year_invalid");
        }

        var index = _reports.FindIndex(r => r.Year == year);
        if (index >= 0 && _reports[index].Received)
        {
            throw new DomainConflictException("年度报告已接收", $"{year}年度报告已由省级主管部门接收，不能再修改。", "report_received");
        }

        var report = new AnnualReport(year, Guard.Text(summary, "报告摘要", SummaryMaxLength), fileId, fileId is null ? null : fileName, now, actor.UserId, null, null);
        if (index >= 0)
        {
            _reports[index] = report;
        }
        else
        {
            _reports.Add(report);
            _reports.Sort((a, b) => a.Year.CompareTo(b.Year));
        }

        Record(actor, index >= 0 ? "refile_report" : "file_report", Stage, Stage, $"提交{year}年度建设运行情况报告", now);
        return report;
    }

    /// <summary>接收年度报告. A receipt that leaves no two consecutive years missing lifts the flag it had caused.</summary>
    public void MarkReportReceived(AccreditationActor actor, int year, DateOnly today, AnnualReportSchedule schedule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        RequireProvince(actor, "接收年度报告");
        RequireNotRevoked("接收年度报告");
        var index = _reports.FindIndex(r => r.Year == year);
        if (index < 0)
        {
            throw new DomainConflictException("年度报告尚未提交", $"中心尚未提交{year}年度报告。", "report_not_filed");
        }

        if (_reports[index].Received)
        {
            throw new DomainConflictException("年度报告已接收", $"{year}年度报告已经接收过。", "report_received");
        }

        _reports[index] = _reports[index] with { ReceivedAt = now, ReceivedByUserId = actor.UserId };
        Record(actor, "receive_report", Stage, Stage, $"接收{year}年度建设运行情况报告", now);
        if (FlaggedForRevocation && ConsecutiveMissingYears(today, schedule) is null)
        {
            FlaggedForRevocation = false;
            FlaggedYears = [];
            FlaggedAt = null;
            Record(actor, "lift_flag", Stage, Stage, $"已接收{year}年度报告，不再存在连续两年未提交年度报告的情形", now);
        }
    }

    /// <summary>
    /// 第十四条: two consecutive calendar years whose reports are past due and not received flag the center for revocation
    /// (once; the province decides). Returns whether this call raised the flag.
    /// </summary>
    public bool FlagIfReportsMissing(DateOnly today, AnnualReportSchedule schedule, DateTimeOffset now)
    {
        if (IsRevoked || FlaggedForRevocation || ConsecutiveMissingYears(today, schedule) is not { } years)
        {
            return false;
        }

        FlaggedForRevocation = true;
        FlaggedYears = [years.First, years.Second];
        FlaggedAt = now;
        Record(AccreditationActor.System, "flag_missing_reports", Stage, Stage,
            $"连续两年（{years.First}、{years.Second}年度）未提交年度建设运行情况报告，提请撤销认定", now);
        return true;
    }

    /// <summary>撤销认定 by the province, any time before it is revoked; the reason is required and kept.</summary>
    public void Revoke(AccreditationActor actor, string reason, DateOnly today, DateTimeOffset now)
    {
        RequireProvince(actor, "撤销认定");
        RequireNotRevoked("撤销认定");
        var text = Guard.Text(reason, "撤销理由", ReasonMaxLength);
        RevokedOn = today;
        RevocationReason = text;
        Move(actor, "revoke", CenterStage.Revoked, text, now);
    }

    /// <summary>Past-due calendar years without a received report, oldest first.</summary>
    public IReadOnlyList<int> MissingReportYears(DateOnly today, AnnualReportSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var years = new List<int>();
        for (var year = RecognizedOn.Year; schedule.DueOn(year) < today; year++)
        {
            if (!_reports.Any(r => r.Year == year && r.Received))
            {
                years.Add(year);
            }
        }

        return years;
    }

    /// <summary>What is still owed, by due day: the pending evaluation and every year's report not yet received.</summary>
    public IReadOnlyList<CenterObligation> Obligations(DateOnly today, AnnualReportSchedule schedule, int dueSoonDays)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (IsRevoked)
        {
            return [];
        }

        var items = new List<CenterObligation>();
        if (PendingEvaluation is { } pending)
        {
            items.Add(new CenterObligation(ObligationKind.Evaluation, $"evaluation:{pending.Period}", pending.DueOn, StateOf(pending.DueOn, today, dueSoonDays), null, pending.Period, false));
        }

        for (var year = RecognizedOn.Year; year <= today.Year; year++)
        {
            var report = _reports.FirstOrDefault(r => r.Year == year);
            if (report is not { Received: true })
            {
                var due = schedule.DueOn(year);
                items.Add(new CenterObligation(ObligationKind.AnnualReport, $"report:{year}", due, StateOf(due, today, dueSoonDays), year, null, report is not null));
            }
        }

        return [.. items.OrderBy(i => i.DueOn)];
    }

    /// <summary>Due-soon and overdue obligations not yet reminded of (a reminder per obligation and state).</summary>
    public IReadOnlyList<CenterObligation> RemindersDue(DateOnly today, AnnualReportSchedule schedule, int dueSoonDays) =>
        [.. Obligations(today, schedule, dueSoonDays).Where(o => o.State != ObligationState.Upcoming && !RemindersSent.Contains(o.ReminderKey))];

    public void MarkReminded(CenterObligation obligation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obligation);
        if (!RemindersSent.Contains(obligation.ReminderKey))
        {
            RemindersSent = [.. RemindersSent, obligation.ReminderKey];
            UpdatedAt = now;
        }
    }

    public static string StageName(CenterStage stage) => stage switch
    {
        CenterStage.Cultivation => "培育期",
        CenterStage.Rectification => "整改期",
        CenterStage.Operating => "运行",
        CenterStage.Revoked => "已撤销",
        _ => stage.ToString(),
    };

    public static string PeriodName(CenterEvaluationPeriod period) => period switch
    {
        CenterEvaluationPeriod.Cultivation => "培育期满评估",
        CenterEvaluationPeriod.Rectification => "整改期满评估",
        _ => period.ToString(),
    };

    private static ObligationState StateOf(DateOnly due, DateOnly today, int dueSoonDays) =>
        today > due ? ObligationState.Overdue : due.DayNumber - today.DayNumber <= dueSoonDays ? ObligationState.DueSoon : ObligationState.Upcoming;

    private (int First, int Second)? ConsecutiveMissingYears(DateOnly today, AnnualReportSchedule schedule)
    {
        var missing = MissingReportYears(today, schedule);
        for (var i = 1; i < missing.Count; i++)
        {
            if (missing[i] == missing[i - 1] + 1)
            {
                return (missing[i - 1], missing[i]);
            }
        }

        return null;
    }

    private static void RequireProvince(AccreditationActor actor, string what)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Party != AccreditationParty.Province)
        {
            throw new DomainForbiddenException("没有权限", $"只有省级主管部门可以{what}。", "forbidden_party");
        }
    }

    private void RequireNotRevoked(string what)
    {
        if (IsRevoked)
        {
            throw new DomainConflictException("中心已撤销认定", $"该中心已于 {RevokedOn:yyyy-MM-dd} 撤销认定，不能再{what}。", "center_revoked");
        }
    }

    private void Move(AccreditationActor actor, string action, CenterStage to, string? reason, DateTimeOffset now)
    {
        var from = Stage;
        Stage = to;
        Record(actor, action, from, to, reason, now);
    }

    private void Record(AccreditationActor actor, string action, CenterStage from, CenterStage to, string? reason, DateTimeOffset now)
    {
        _audit.Add(new AccreditationAuditEntry(now, actor.UserId, actor.Party, action, from.ToString(), to.ToString(), reason));
        UpdatedAt = now;
    }
}

/// <summary>The file attached to an annual report (PDF, JPEG or PNG up to 5 MB, typed by its bytes), bytes in PostgreSQL.</summary>
public sealed class AnnualReportFile
{
    private AnnualReportFile() { }

    public Guid Id { get; private set; }

    public Guid CenterId { get; private set; }

    public int Year { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public int Size { get; private set; }

    public byte[] Content { get; private set; } = [];

    public Guid? UploadedByUserId { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>The .docx the platform generated from its own records (issue 8): not an upload, so not an evidence type.</summary>
    public static AnnualReportFile Generated(Guid id, Guid centerId, int year, Guid? userId, string fileName, string contentType, byte[] content, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new AnnualReportFile
        {
            Id = id,
            CenterId = centerId,
            Year = year,
            FileName = fileName,
            ContentType = contentType,
            Size = content.Length,
            Content = content,
            UploadedByUserId = userId,
            UploadedAt = now,
        };
    }

    public static AnnualReportFile Create(Guid id, Guid centerId, int year, Guid? userId, Marketplace.Domain.Engineers.EvidenceFile file, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new AnnualReportFile
        {
            Id = id,
            CenterId = centerId,
            Year = year,
            FileName = file.FileName,
            ContentType = file.ContentType,
            Size = file.Content.Length,
            Content = file.Content,
            UploadedByUserId = userId,
            UploadedAt = now,
        };
    }
}
