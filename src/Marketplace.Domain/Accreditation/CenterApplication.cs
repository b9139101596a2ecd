using Marketplace.Domain.Common;

namespace Marketplace.Domain.Accreditation;

public enum CenterApplicationStatus
{
    Draft = 1,
    Submitted = 2,
    CityRecommended = 3,
    ReturnedByCity = 4,
    ProvinceAccepted = 5,
    ExpertReview = 6,
    Scored = 7,
    Selected = 8,
    NotSelected = 9,
    UnderNotice = 10,
    Objected = 11,
    Recognized = 12,
    Rejected = 13,
}

/// <summary>The applicant's statement on one basic condition of 第七条: met or not, why, and the evidence references.</summary>
public sealed record ConditionStatement(string Code, bool Met, string Explanation, List<string> Evidence);

/// <summary>自评: the applicant's own points on one secondary indicator of the round's rubric.</summary>
public sealed record SelfAssessmentMark(string IndicatorCode, decimal Points, string? Note);

/// <summary>The aggregated result of the experts' sheets, as frozen when the last sheet came in.</summary>
public sealed record ApplicationScore(decimal BaseScore, decimal Bonus, decimal Total, int ExpertCount, bool Trimmed, bool Vetoed, string? VetoReasons);

public enum ObjectionStatus
{
    Open = 1,
    Upheld = 2,
    Dismissed = 3,
}

/// <summary>异议: lodged during the notice by anyone (signed in or not, with a way to reach them), resolved by the province.</summary>
public sealed record Objection(
    Guid Id,
    Guid? LodgedByUserId,
    string ContactName,
    string Contact,
    string Content,
    DateTimeOffset LodgedAt,
    ObjectionStatus Status,
    string? Resolution,
    Guid? ResolvedByUserId,
    DateTimeOffset? ResolvedAt);

/// <summary>
/// 工程师协同创新中心申报: one organization's application in one round, from draft to recognition (seed 001, issue 7).
/// Each step checks the acting party (403) and the state (409) before its own rules, and appends to the audit trail
/// who took it, as which party, when, and why. The conditions and the self-assessment are kept against the versions the
/// round fixed, so a re-issued checklist or rubric never changes an application already made.
/// </summary>
public sealed class CenterApplication
{
    public const int PlanMaxLength = 20_000;
    public const int ExplanationMaxLength = 2000;
    public const int EvidenceMaxLength = 500;
    public const int MaxEvidencePerCondition = 20;
    public const int ReasonMaxLength = 2000;
    public const int NoteMaxLength = SelfAssessmentMarks.NoteMaxLength;
    public const int MaxExperts = 15;
    public const int DocumentNumberMaxLength = 100;
    public const int ContactMaxLength = 100;

    private List<ConditionStatement> _conditions = [];
    private List<SelfAssessmentMark> _selfAssessment = [];
    private List<Objection> _objections = [];
    private List<AccreditationAuditEntry> _audit = [];

    private CenterApplication() { }

    public Guid Id { get; private set; }

    public Guid RoundId { get; private set; }

    public Guid ApplicantOrganizationId { get; private set; }

    /// <summary>The applicant's registered region, which decides the city bureau that reviews it.</summary>
    public string RegionCode { get; private set; } = "";

    public Guid CreatedByUserId { get; private set; }

    public string RubricVersion { get; private set; } = "";

    public string ConditionsVersion { get; private set; } = "";

    public CenterApplicationStatus Status { get; private set; }

    /// <summary>建设方案.</summary>
    public string ConstructionPlan { get; private set; } = "";

    public IReadOnlyList<ConditionStatement> Conditions => _conditions;

    public IReadOnlyList<SelfAssessmentMark> SelfAssessment => _selfAssessment;

    public List<Guid> ExpertUserIds { get; private set; } = [];

    public ApplicationScore? Score { get; private set; }

    public IReadOnlyList<Objection> Objections => _objections;

    /// <summary>认定文号, e.g. 湘工信人教〔2026〕201号.</summary>
    public string? RecognitionDocumentNumber { get; private set; }

    public DateOnly? RecognizedOn { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<AccreditationAuditEntry> Audit => _audit;

    public bool IsUnqualified => Score?.Vetoed == true;

    public static CenterApplication Start(
        Guid id, AccreditationRound round, Guid applicantOrganizationId, string regionCode, AccreditationActor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(actor);
        RequireParty(actor, AccreditationParty.Applicant, "创建申报书");
        round.EnsureAcceptingApplications(now);
        if (!round.Covers(regionCode))
        {
            throw new DomainException("不在申报范围内", $"申报单位所在地区（{regionCode}）不在申报轮次“{round.Name}”的范围内。", "region_not_covered");
        }

        var application = new CenterApplication
        {
            Id = id,
            RoundId = round.Id,
            ApplicantOrganizationId = applicantOrganizationId,
            RegionCode = regionCode,
            CreatedByUserId = actor.UserId ?? Guid.Empty,
            RubricVersion = round.RubricVersion,
            ConditionsVersion = round.ConditionsVersion,
            Status = CenterApplicationStatus.Draft,
            CreatedAt = now,
            UpdatedAt = now,
        };
        application.Record(actor, "create", CenterApplicationStatus.Draft, CenterApplicationStatus.Draft, null, now);
        return application;
    }

    /// <summary>
    /// Replaces the draft's contents. Checks what can be checked on a draft (known codes, points within bounds, lengths);
    /// completeness is checked at <see cref="Submit"/>.
    /// </summary>
    public void UpdateDraft(
        AccreditationActor actor, CenterConditionChecklist checklist, Rubric rubric, IReadOnlyList<ConditionStatement> conditions,
        string? constructionPlan, IReadOnlyList<SelfAssessmentMark> selfAssessment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(selfAssessment);
        RequireParty(actor, AccreditationParty.Applicant, "修改申报书");
        RequireState("修改申报书", CenterApplicationStatus.Draft, CenterApplicationStatus.ReturnedByCity);
        EnsureVersions(checklist, rubric);

        var statements = new List<ConditionStatement>();
        foreach (var c in conditions)
        {
            var condition = checklist.Conditions.FirstOrDefault(x => x.Code == c.Code)
                ?? throw new DomainException("未知的基本条件", $"基本条件代码 {c.Code} 不在第七条清单中。", "condition_unknown");
            if (statements.Any(s => s.Code == condition.Code))
            {
                throw new DomainException("基本条件重复", $"基本条件 {condition.SeedNumber}{condition.Name} 填写了多次。", "condition_duplicate");
            }

            var evidence = (c.Evidence ?? []).Select(e => e?.Trim() ?? "").Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (evidence.Count > MaxEvidencePerCondition || evidence.Any(e => e.Length > EvidenceMaxLength))
            {
                throw new DomainException(
                    "佐证材料过多或过长",
                    $"基本条件 {condition.SeedNumber}{condition.Name} 最多 {MaxEvidencePerCondition} 份佐证材料，每份引用不超过 {EvidenceMaxLength} 个字符。",
                    "condition_evidence_too_long");
            }

            statements.Add(new ConditionStatement(
                condition.Code, c.Met, Guard.OptionalText(c.Explanation, $"基本条件 {condition.SeedNumber}{condition.Name} 的说明", ExplanationMaxLength) ?? "", evidence));
        }

        var marks = SelfAssessmentMarks.Validate(rubric, selfAssessment);

        _conditions = statements;
        _selfAssessment = marks;
        ConstructionPlan = Guard.OptionalText(constructionPlan, "建设方案", PlanMaxLength) ?? "";
        UpdatedAt = now;
    }

    /// <summary>
    /// 提交申报: every basic condition met, explained and evidenced (a missing one is named), a construction plan, a
    /// self-assessment of every indicator, and the round's window open. A returned application is submitted again the same way.
    /// </summary>
    public void Submit(AccreditationActor actor, AccreditationRound round, CenterConditionChecklist checklist, Rubric rubric, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(rubric);
        RequireParty(actor, AccreditationParty.Applicant, "提交申报书");
        RequireState("提交申报书", CenterApplicationStatus.Draft, CenterApplicationStatus.ReturnedByCity);
        EnsureVersions(checklist, rubric);
        round.EnsureAcceptingApplications(now);

        var unmet = checklist.Conditions
            .Where(c => _conditions.FirstOrDefault(s => s.Code == c.Code) is not { Met: true } s || s.Evidence.Count == 0 || s.Explanation.Length == 0)
            .ToList();
        if (unmet.Count > 0)
        {
            throw new DomainException(
                "基本条件不满足",
                "申报单位须同时具备第七条全部基本条件，以下条件未确认满足或缺少说明、佐证材料："
                    + string.Join("；", unmet.Select(c => $"{c.SeedNumber}{c.Name}（{c.Code}）")) + "。",
                "condition_not_met");
        }

        if (ConstructionPlan.Length == 0)
        {
            throw new DomainException("缺少建设方案", "提交申报前请填写建设方案。", "plan_required");
        }

        var unassessed = SelfAssessmentMarks.Missing(rubric, _selfAssessment);
        if (unassessed.Count > 0)
        {
            throw new DomainException("自评不完整", "以下指标尚未自评：" + string.Join("、", unassessed) + "。", "self_assessment_incomplete");
        }

        SubmittedAt = now;
        Move(actor, "submit", CenterApplicationStatus.Submitted, null, now);
    }

    /// <summary>市州推荐.</summary>
    public void RecommendByCity(AccreditationActor actor, string? opinion, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.CityBureau, "推荐申报");
        RequireState("推荐", CenterApplicationStatus.Submitted);
        Move(actor, "city_recommend", CenterApplicationStatus.CityRecommended, Guard.OptionalText(opinion, "推荐意见", ReasonMaxLength), now);
    }

    /// <summary>市州退回: the reasons are required; the applicant may amend and submit again while the round is open.</summary>
    public void ReturnByCity(AccreditationActor actor, string reasons, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.CityBureau, "退回申报");
        RequireState("退回", CenterApplicationStatus.Submitted);
        Move(actor, "city_return", CenterApplicationStatus.ReturnedByCity, Guard.Text(reasons, "退回理由", ReasonMaxLength), now);
    }

    /// <summary>省级审核通过 (形式审查).</summary>
    public void AcceptByProvince(AccreditationActor actor, string? opinion, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Province, "审核申报");
        RequireState("省级审核", CenterApplicationStatus.CityRecommended);
        Move(actor, "province_accept", CenterApplicationStatus.ProvinceAccepted, Guard.OptionalText(opinion, "审核意见", ReasonMaxLength), now);
    }

    /// <summary>
    /// 指派专家. Each expert comes with the organizations they belong to; one of them being the applicant refuses the
    /// whole assignment (回避, <see cref="ConflictOfInterest"/>), so nobody is half-assigned.
    /// </summary>
    public void AssignExperts(AccreditationActor actor, IReadOnlyList<(Guid UserId, IReadOnlyList<Guid> OrganizationIds)> experts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(experts);
        RequireParty(actor, AccreditationParty.Province, "指派评审专家");
        RequireState("指派专家", CenterApplicationStatus.ProvinceAccepted);
        if (experts.Count == 0 || experts.Count > MaxExperts)
        {
            throw new DomainException("专家人数无效", $"每份申报应指派 1 到 {MaxExperts} 位评审专家。", "expert_count");
        }

        if (experts.Select(e => e.UserId).Distinct().Count() != experts.Count)
        {
            throw new DomainException("专家重复", "同一位专家只能指派一次。", "expert_duplicate");
        }

        foreach (var expert in experts)
        {
            ConflictOfInterest.EnsureAssignable(expert.OrganizationIds, [ApplicantOrganizationId]);
        }

        ExpertUserIds = [.. experts.Select(e => e.UserId)];
        Move(actor, "assign_experts", CenterApplicationStatus.ExpertReview, $"指派评审专家 {experts.Count} 位", now);
    }

    public bool IsAssigned(Guid expertUserId) => ExpertUserIds.Contains(expertUserId);

    /// <summary>Refuses a sheet from anyone not assigned, or outside the expert review.</summary>
    public void EnsureScorableBy(AccreditationActor actor)
    {
        RequireParty(actor, AccreditationParty.Expert, "评分");
        if (actor.UserId is not { } id || !IsAssigned(id))
        {
            throw new DomainForbiddenException("没有权限", "你未被指派评审该申报。", "expert_not_assigned");
        }

        RequireState("评分", CenterApplicationStatus.ExpertReview);
    }

    /// <summary>Writes an expert's submitted sheet into the trail: its total, and a veto with its reason.</summary>
    public void RecordSheetSubmitted(AccreditationActor actor, ExpertScoreSheet sheet, Rubric rubric, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(rubric);
        EnsureScorableBy(actor);
        var totals = sheet.Totals(rubric);
        Record(actor, "submit_score", Status, Status, $"提交评分：基础分 {totals.BaseScore:0.00}，附加分 {totals.Bonus:0.00}，合计 {totals.Total:0.00}", now);
        if (sheet.HasVeto)
        {
            Record(actor, "veto", Status, Status, $"一票否决（{rubric.VetoItem(sheet.VetoCode!).Name}）：{sheet.VetoReason}", now);
        }
    }

    /// <summary>汇总: once every assigned expert has submitted, the platform freezes the aggregated result.</summary>
    public void RecordScore(RubricAggregate aggregate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        RequireState("汇总评分", CenterApplicationStatus.ExpertReview);
        if (aggregate.ApplicationId != Id || aggregate.RubricVersion != RubricVersion || aggregate.ExpertCount != ExpertUserIds.Count)
        {
            throw new DomainConflictException("评分汇总不匹配", "汇总结果与本申报的专家或评价表版本不一致。", "score_mismatch");
        }

        var vetoes = aggregate.Vetoes.Count == 0 ? null : string.Join("；", aggregate.Vetoes.Select(v => $"{v.Name}：{v.Reason}"));
        Score = new ApplicationScore(aggregate.BaseScore, aggregate.Bonus, aggregate.Total, aggregate.ExpertCount, aggregate.Trimmed, aggregate.Vetoed, vetoes);
        Move(AccreditationActor.System, "aggregate", CenterApplicationStatus.Scored,
            aggregate.Vetoed ? $"一票否决，结果为不合格（合计 {aggregate.Total:0.00}）" : $"专家评分汇总：合计 {aggregate.Total:0.00}", now);
    }

    /// <summary>入选: a vetoed (不合格) application can never be selected.</summary>
    public void Select(AccreditationActor actor, string? reason, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Province, "遴选");
        RequireState("遴选", CenterApplicationStatus.Scored);
        if (IsUnqualified)
        {
            throw new DomainConflictException("不合格的申报不能入选", "该申报被一票否决，评审结果为不合格，不能入选。", "application_unqualified");
        }

        Move(actor, "select", CenterApplicationStatus.Selected, Guard.OptionalText(reason, "遴选说明", ReasonMaxLength), now);
    }

    public void Reject(AccreditationActor actor, string? reason, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Province, "遴选");
        RequireState("遴选", CenterApplicationStatus.Scored);
        Move(actor, "not_select", CenterApplicationStatus.NotSelected, Guard.OptionalText(reason, "遴选说明", ReasonMaxLength), now);
    }

    public void PlaceUnderNotice(AccreditationActor actor, DateOnly start, DateOnly end, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Province, "发布公示");
        RequireState("公示", CenterApplicationStatus.Selected);
        Move(actor, "notice", CenterApplicationStatus.UnderNotice, $"公示期 {start:yyyy-MM-dd} 至 {end:yyyy-MM-dd}", now);
    }

    /// <summary>异议: during the notice period (its end day included), by anyone who leaves a way to be reached.</summary>
    public Objection LodgeObjection(
        Guid objectionId, Guid? userId, string contactName, string contact, string content, DateOnly today, DateOnly noticeStart, DateOnly noticeEnd,
        DateTimeOffset now)
    {
        RequireState("提出异议", CenterApplicationStatus.UnderNotice, CenterApplicationStatus.Objected);
        NoticeObjections.EnsureOpen(today, noticeStart, noticeEnd);

        var objection = new Objection(
            objectionId, userId,
            Guard.Text(contactName, "异议人姓名或单位", ContactMaxLength),
            Guard.Text(contact, "联系方式", ContactMaxLength),
            Guard.Text(content, "异议内容", ReasonMaxLength),
            now, ObjectionStatus.Open, null, null, null);
        _objections.Add(objection);
        Move(new AccreditationActor(userId, AccreditationParty.Public), "lodge_objection", CenterApplicationStatus.Objected, objection.Content, now);
        return objection;
    }

    /// <summary>
    /// 异议处理: upheld, the application is rejected; dismissed, it returns under notice once no objection is left open.
    /// </summary>
    public void ResolveObjection(AccreditationActor actor, Guid objectionId, bool upheld, string reason, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Province, "处理异议");
        RequireState("处理异议", CenterApplicationStatus.Objected);
        var text = Guard.Text(reason, "处理意见", ReasonMaxLength);
        var stillOpen = NoticeObjections.Resolve(_objections, objectionId, upheld, text, actor.UserId, now, "该申报没有这条异议。");
        if (upheld)
        {
            Move(actor, "uphold_objection", CenterApplicationStatus.Rejected, text, now);
        }
        else if (!stillOpen)
        {
            Move(actor, "dismiss_objection", CenterApplicationStatus.UnderNotice, text, now);
        }
        else
        {
            Record(actor, "dismiss_objection", Status, Status, text, now);
        }
    }

    /// <summary>发文认定: only after the notice period has ended with no objection open.</summary>
    public void Recognize(AccreditationActor actor, string documentNumber, DateOnly recognizedOn, DateOnly today, DateOnly noticeEnd, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Province, "认定");
        RequireState("认定", CenterApplicationStatus.UnderNotice);
        if (today <= noticeEnd || recognizedOn <= noticeEnd)
        {
            throw new DomainConflictException("公示期未结束", $"公示期至 {noticeEnd:yyyy-MM-dd} 结束，之后才能发文认定。", "notice_not_ended");
        }

        if (recognizedOn > today)
        {
            throw new DomainException("认定日期无效", "认定日期不能晚于今天。", "recognition_date_future");
        }

        RecognitionDocumentNumber = Guard.Text(documentNumber, "认定文号", DocumentNumberMaxLength);
        RecognizedOn = recognizedOn;
        Move(actor, "recognize", CenterApplicationStatus.Recognized, $"{RecognitionDocumentNumber}，{recognizedOn:yyyy-MM-dd}", now);
    }

    public static string StatusName(CenterApplicationStatus status) => status switch
    {
        CenterApplicationStatus.Draft => "草稿",
        CenterApplicationStatus.Submitted => "已提交",
        CenterApplicationStatus.CityRecommended => "市州已推荐",
        CenterApplicationStatus.ReturnedByCity => "市州退回",
        CenterApplicationStatus.ProvinceAccepted => "省级审核通过",
        CenterApplicationStatus.ExpertReview => "专家评审中",
        CenterApplicationStatus.Scored => "已评分",
        CenterApplicationStatus.Selected => "已入选",
        CenterApplicationStatus.NotSelected => "未入选",
        CenterApplicationStatus.UnderNotice => "公示中",
        CenterApplicationStatus.Objected => "异议处理中",
        CenterApplicationStatus.Recognized => "已认定",
        CenterApplicationStatus.Rejected => "不予认定",
        _ => status.ToString(),
    };

    private static void RequireParty(AccreditationActor actor, AccreditationParty party, string what)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Party != party)
        {
            var who = party switch
            {
                AccreditationParty.Applicant => "申报单位",
                AccreditationParty.CityBureau => "市州主管部门",
                AccreditationParty.Province => "省级主管部门",
                AccreditationParty.Expert => "评审专家",
                _ => party.ToString(),
            };
            throw new DomainForbiddenException("没有权限", $"只有{who}可以{what}。", "forbidden_party");
        }
    }

    private void RequireState(string what, params CenterApplicationStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new DomainConflictException(
                "当前状态不允许该操作",
                $"申报当前状态为“{StatusName(Status)}”，只有在“{string.Join("、", allowed.Select(StatusName))}”状态下才能{what}。",
                "invalid_state");
        }
    }

    private void EnsureVersions(CenterConditionChecklist checklist, Rubric rubric)
    {
        if (checklist.Version != ConditionsVersion || rubric.Version != RubricVersion)
        {
            throw new DomainConflictException(
                "版本不一致",
                $"该申报按基本条件 {ConditionsVersion}、评价表 {RubricVersion} 填报，不能按其他版本处理。",
                "rubric_version_mismatch");
        }
    }

    private void Move(AccreditationActor actor, string action, CenterApplicationStatus to, string? reason, DateTimeOffset now)
    {
        var from = Status;
        Status = to;
        Record(actor, action, from, to, reason, now);
    }

    private void Record(AccreditationActor actor, string action, CenterApplicationStatus from, CenterApplicationStatus to, string? reason, DateTimeOffset now)
    {
        _audit.Add(new AccreditationAuditEntry(now, actor.UserId, actor.Party, action, from.ToString(), to.ToString(), reason));
        UpdatedAt = now;
    }
}

/// <summary>
/// A file the applicant uploaded as evidence (营业执照, 租赁合同 …): PDF, JPEG or PNG up to 5 MB, typed by its bytes
/// (<see cref="Marketplace.Domain.Engineers.EvidenceFile"/>). A condition cites it as <c>file:{id}</c>.
/// </summary>
public sealed class ApplicationEvidenceFile
{
    public const string ReferencePrefix = "file:";

    private ApplicationEvidenceFile() { }

    public Guid Id { get; private set; }

    public Guid ApplicationId { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public int Size { get; private set; }

    public byte[] Content { get; private set; } = [];

    public Guid UploadedByUserId { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    public string Reference => ReferencePrefix + Id.ToString("D");

    /// <summary>Only while the applicant may still change the application (a draft, or returned by the city).</summary>
    public static ApplicationEvidenceFile Upload(
        Guid id, CenterApplication application, AccreditationActor actor, Marketplace.Domain.Engineers.EvidenceFile file, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(file);
        if (actor.Party != AccreditationParty.Applicant)
        {
            throw new DomainForbiddenException("没有权限", "只有申报单位可以上传佐证材料。", "forbidden_party");
        }

        if (application.Status is not (CenterApplicationStatus.Draft or CenterApplicationStatus.ReturnedByCity))
        {
            throw new DomainConflictException(
                "当前状态不允许该操作",
                $"申报当前状态为“{CenterApplication.StatusName(application.Status)}”，只有草稿或被退回的申报可以上传佐证材料。",
                "invalid_state");
        }

        return new ApplicationEvidenceFile
        {
            Id = id,
            ApplicationId = application.Id,
            FileName = file.FileName,
            ContentType = file.ContentType,
            Size = file.Content.Length,
            Content = file.Content,
            UploadedByUserId = actor.UserId ?? Guid.Empty,
            UploadedAt = now,
        };
    }

    /// <summary>The file ids a set of evidence references cites (<c>file:{id}</c>); other references are document numbers or links.</summary>
    public static IReadOnlyList<Guid> CitedIds(IEnumerable<string> references) =>
        [.. (references ?? []).Where(r => r.StartsWith(ReferencePrefix, StringComparison.Ordinal))
            .Select(r => Guid.TryParse(r.AsSpan(ReferencePrefix.Length), out var id) ? id : Guid.Empty)];
}
