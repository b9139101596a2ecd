using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;

namespace Marketplace.Domain.Accreditation;

public enum StudioStatus
{
    Draft = 1,

    /// <summary>已提交: with the city's 人社 and 财政 desks, each signing off on its own.</summary>
    Submitted = 2,
    ReturnedByCity = 3,

    /// <summary>市州已推荐: both desks signed off.</summary>
    CityRecommended = 4,
    ExpertReview = 5,

    /// <summary>专家意见已齐.</summary>
    ExpertsDone = 6,
    Selected = 7,
    NotSelected = 8,
    UnderNotice = 9,
    Objected = 10,

    /// <summary>已认定: building, within its 3-year cycle.</summary>
    Recognized = 11,
    Rejected = 12,

    /// <summary>复评合格: the studio continues.</summary>
    Continued = 13,

    /// <summary>撤销认定 (re-evaluation failed, or a violation); the unspent fund is recovered.</summary>
    Revoked = 14,
}

/// <summary>The two city desks of seed 000's 推荐 step: 市州人力资源和社会保障局 会同 财政局.</summary>
public enum CityDesk
{
    /// <summary>人社.</summary>
    HumanResources = 1,

    /// <summary>财政.</summary>
    Finance = 2,
}

/// <summary>One desk's sign-off: who recorded it for the desk, when, and its opinion.</summary>
public sealed record CitySignOff(CityDesk Desk, Guid? UserId, string? Opinion, DateTimeOffset At);

/// <summary>An assigned expert's opinion and vote on the recognition.</summary>
public sealed record StudioExpertOpinion(Guid ExpertUserId, bool Approve, string Opinion, DateTimeOffset At);

/// <summary>One spending of the startup fund, under one of the seed's categories, with an optional voucher file.</summary>
public sealed record FundEntry(
    Guid Id, string CategoryCode, DateOnly SpentOn, decimal Amount, string Note, Guid? VoucherFileId, Guid? RecordedByUserId, DateTimeOffset RecordedAt);

/// <summary>What the submission check knows of the host: the engineer, and the highest title a verified credential proves.</summary>
public sealed record StudioHostCheck(Guid EngineerId, ProfessionalTitle? VerifiedTitle);

/// <summary>
/// 卓越工程师带培工作室 (seed 000, 湘人社规〔2025〕28号): one enterprise's studio from its application to the end of its build
/// cycle. One aggregate rather than an application and a studio: the steps after recognition are few, the audit trail
/// reads as one story, and one row version (xmin) guards the fund balance and the state together, so two spendings
/// saved at once cannot overspend. Each step checks the acting party (403), then the state (409), then its own rules.
/// </summary>
public sealed class MentoringStudio
{
    public const int ReasonMaxLength = 2000;
    public const int NoteMaxLength = 500;
    public const int MaxExperts = 15;
    public const int DocumentNumberMaxLength = 100;
    public const int ContactMaxLength = 100;

    private List<CitySignOff> _signOffs = [];
    private List<StudioExpertOpinion> _opinions = [];
    private List<Objection> _objections = [];
    private List<FundEntry> _fundEntries = [];
    private List<AccreditationAuditEntry> _audit = [];

    private MentoringStudio() { }

    public Guid Id { get; private set; }

    public Guid ApplicantOrganizationId { get; private set; }

    /// <summary>The enterprise's region, which decides the city that reviews it.</summary>
    public string RegionCode { get; private set; } = "";

    public Guid CreatedByUserId { get; private set; }

    /// <summary>The programme version the application was made under.</summary>
    public string ProgrammeVersion { get; private set; } = "";

    public StudioStatus Status { get; private set; }

    /// <summary>主持人: an engineer profile on the platform.</summary>
    public Guid? HostEngineerId { get; private set; }

    public StudioForm Form { get; private set; } = StudioForm.Empty;

    public IReadOnlyList<CitySignOff> SignOffs => _signOffs;

    public List<Guid> ExpertUserIds { get; private set; } = [];

    public IReadOnlyList<StudioExpertOpinion> Opinions => _opinions;

    public DateOnly? NoticeStart { get; private set; }

    public DateOnly? NoticeEnd { get; private set; }

    public IReadOnlyList<Objection> Objections => _objections;

    public string? RecognitionDocumentNumber { get; private set; }

    public DateOnly? RecognizedOn { get; private set; }

    /// <summary>First and last day of the 3-year build cycle.</summary>
    public DateOnly? CycleStart { get; private set; }

    public DateOnly? CycleEnd { get; private set; }

    public DateOnly? ReEvaluatedOn { get; private set; }

    public bool? ReEvaluationPassed { get; private set; }

    /// <summary>启动资金 granted at recognition (0 before).</summary>
    public decimal FundGrantedYuan { get; private set; }

    public IReadOnlyList<FundEntry> FundEntries => _fundEntries;

    public DateOnly? RevokedOn { get; private set; }

    public string? RevocationReason { get; private set; }

    /// <summary>追回剩余财政资金: the balance at revocation.</summary>
    public decimal? RecoveredYuan { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<AccreditationAuditEntry> Audit => _audit;

    public decimal FundSpentYuan => _fundEntries.Sum(e => e.Amount);

    public decimal FundBalanceYuan => FundGrantedYuan - FundSpentYuan;

    /// <summary>复评 is due before the cycle ends: its last day is the deadline.</summary>
    public DateOnly? ReEvaluationDueBy => CycleEnd;

    public bool IsBuilding => Status is StudioStatus.Recognized or StudioStatus.Continued;

    public bool IsReEvaluationOverdue(DateOnly today) => Status == StudioStatus.Recognized && CycleEnd is { } end && today > end;

    public bool IsAssigned(Guid expertUserId) => ExpertUserIds.Contains(expertUserId);

    public bool HasSignedOff(CityDesk desk) => _signOffs.Any(s => s.Desk == desk);

    public static MentoringStudio Start(
        Guid id, StudioProgramme programme, Guid applicantOrganizationId, string regionCode, AccreditationActor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(programme);
        RequireParty(actor, AccreditationParty.Applicant, "创建工作室申报");
        var studio = new MentoringStudio
        {
            Id = id,
            ApplicantOrganizationId = applicantOrganizationId,
            RegionCode = Guard.Text(regionCode, "所在地区", 6),
            CreatedByUserId = actor.UserId ?? Guid.Empty,
            ProgrammeVersion = programme.Version,
            Status = StudioStatus.Draft,
            CreatedAt = now,
            UpdatedAt = now,
        };
        studio.Record(actor, "create", StudioStatus.Draft, StudioStatus.Draft, null, now);
        return studio;
    }

    /// <summary>Replaces the draft's form and host; types and codes are checked now, completeness at <see cref="Submit"/>.</summary>
    public void UpdateDraft(AccreditationActor actor, StudioProgramme programme, Guid? hostEngineerId, StudioForm form, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(programme);
        RequireParty(actor, AccreditationParty.Applicant, "修改工作室申报");
        RequireState("修改申报表", StudioStatus.Draft, StudioStatus.ReturnedByCity);
        EnsureProgramme(programme);
        Form = StudioFormRules.Normalize(programme, form);
        HostEngineerId = hostEngineerId;
        UpdatedAt = now;
    }

    /// <summary>Only a draft never submitted may be deleted, by the applicant; anything submitted stays for the record.</summary>
    public void EnsureDeletable(AccreditationActor actor)
    {
        RequireParty(actor, AccreditationParty.Applicant, "删除工作室申报");
        RequireState("删除", StudioStatus.Draft);
    }

    /// <summary>
    /// 提交申报: the host must be an engineer whose 正高级 title the platform has verified (the seed's 主持人 condition), the
    /// form complete, and every item of the materials list (附件2) uploaded.
    /// </summary>
    public void Submit(AccreditationActor actor, StudioProgramme programme, StudioHostCheck? host, IReadOnlyCollection<string> materialsUploaded, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(materialsUploaded);
        RequireParty(actor, AccreditationParty.Applicant, "提交工作室申报");
        RequireState("提交申报", StudioStatus.Draft, StudioStatus.ReturnedByCity);
        EnsureProgramme(programme);
        var hostTitle = EngineerVocabulary.Name(programme.HostTitle);
        if (HostEngineerId is not { } hostId)
        {
            throw new DomainException("未指定工作室主持人", $"请选择工作室主持人：主持人须为平台上已核验{hostTitle}职称的工程师。", "host_required");
        }

        if (host is null || host.EngineerId != hostId || !programme.MayHost(host.VerifiedTitle))
        {
            var held = host?.VerifiedTitle is { } t ? $"平台核验的最高职称为{EngineerVocabulary.Name(t)}" : "平台上没有已核验的职称证书";
            throw new DomainException(
                "主持人不符合条件",
                $"工作室主持人应具有{hostTitle}职称（{programme.Document}），且职称证书须经平台核验；所选主持人{held}。",
                "host_not_qualified");
        }

        var missing = StudioFormRules.Missing(programme, Form);
        if (missing.Count > 0)
        {
            throw new DomainException("申报表不完整", "以下栏目尚未填写完整：" + string.Join("；", missing) + "。", "form_incomplete");
        }

        var absent = programme.Materials.Where(m => !materialsUploaded.Contains(m.Code)).ToList();
        if (absent.Count > 0)
        {
            throw new DomainException(
                "申报材料不全",
                "以下申报材料（附件2）尚未上传：" + string.Join("；", absent.Select(m => $"{m.SeedNumber}、{m.Name}")) + "。",
                "materials_missing");
        }

        SubmittedAt = now;
        _signOffs = [];
        Move(actor, "submit", StudioStatus.Submitted, null, now);
    }

    /// <summary>
    /// 市州初审: the 人社 and 财政 desks sign off separately, in either order; both make the recommendation. Either may
    /// return the application with its reasons, which clears the sign-offs so a resubmission is reviewed afresh.
    /// </summary>
    public void CityReview(AccreditationActor actor, CityDesk desk, bool approve, string? opinion, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.CityBureau, "市州初审");
        RequireState("市州初审", StudioStatus.Submitted);
        if (!Enum.IsDefined(desk))
        {
            throw new DomainException("审核部门无效", "请选择人社或财政部门。", "desk_invalid");
        }

        var deskName = DeskName(desk);
        if (HasSignedOff(desk))
        {
            throw new DomainConflictException("已审核", $"{deskName}部门已签署意见。", "desk_signed");
        }

        if (!approve)
        {
            var reasons = Guard.Text(opinion, "退回理由", ReasonMaxLength);
            _signOffs = [];
            Move(actor, desk == CityDesk.HumanResources ? "hr_return" : "finance_return", StudioStatus.ReturnedByCity, $"{deskName}退回：{reasons}", now);
            return;
        }

        var text = Guard.OptionalText(opinion, "审核意见", ReasonMaxLength);
        _signOffs.Add(new CitySignOff(desk, actor.UserId, text, now));
        Record(actor, desk == CityDesk.HumanResources ? "hr_approve" : "finance_approve", Status, Status, $"{deskName}同意推荐{(text is null ? "" : "：" + text)}", now);
        if (HasSignedOff(CityDesk.HumanResources) && HasSignedOff(CityDesk.Finance))
        {
            Move(actor, "city_recommend", StudioStatus.CityRecommended, "人社、财政部门均同意推荐", now);
        }
    }

    /// <summary>指派认定专家: an expert of the applicant enterprise refuses the whole assignment (回避).</summary>
    public void AssignExperts(AccreditationActor actor, IReadOnlyList<(Guid UserId, IReadOnlyList<Guid> OrganizationIds)> experts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(experts);
        RequireParty(actor, AccreditationParty.Province, "指派认定专家");
        RequireState("指派专家", StudioStatus.CityRecommended);
        if (experts.Count == 0 || experts.Count > MaxExperts)
        {
            throw new DomainException("专家人数无效", $"每个工作室申报应指派 1 到 {MaxExperts} 位认定专家。", "expert_count");
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
        Move(actor, "assign_experts", StudioStatus.ExpertReview, $"指派认定专家 {experts.Count} 位", now);
    }

    /// <summary>专家意见: once per assigned expert; the last one closes the expert step.</summary>
    public void GiveOpinion(AccreditationActor actor, bool approve, string opinion, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Expert, "提交认定意见");
        if (actor.UserId is not { } id || !IsAssigned(id))
        {
            throw new DomainForbiddenException("没有权限", "你未被指派认定该工作室申报。", "expert_not_assigned");
        }

        RequireState("提交认定意见", StudioStatus.ExpertReview);
        if (_opinions.Any(o => o.ExpertUserId == id))
        {
            throw new DomainConflictException("已提交意见", "你已提交对该申报的认定意见。", "opinion_submitted");
        }

        var text = Guard.Text(opinion, "认定意见", ReasonMaxLength);
        _opinions.Add(new StudioExpertOpinion(id, approve, text, now));
        Record(actor, "expert_opinion", Status, Status, $"{(approve ? "同意认定" : "不同意认定")}：{text}", now);
        if (ExpertUserIds.All(e => _opinions.Any(o => o.ExpertUserId == e)))
        {
            Move(AccreditationActor.System, "experts_done", StudioStatus.ExpertsDone,
                $"专家意见已齐：同意 {_opinions.Count(o => o.Approve)} 票，不同意 {_opinions.Count(o => !o.Approve)} 票", now);
        }
    }

    /// <summary>确定入选企业名单: the province decides with the experts' votes in front of it; the reasons are kept either way.</summary>
    public void Select(AccreditationActor actor, bool selected, string? reason, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Province, "确定入选名单");
        RequireState("确定入选名单", StudioStatus.ExpertsDone);
        var text = selected ? Guard.OptionalText(reason, "入选说明", ReasonMaxLength) : Guard.Text(reason, "未入选理由", ReasonMaxLength);
        Move(actor, selected ? "select" : "not_select", selected ? StudioStatus.Selected : StudioStatus.NotSelected, text, now);
    }

    /// <summary>公示: the end day comes from the working calendar (the caller computes it with the programme's working days).</summary>
    public void PublishNotice(AccreditationActor actor, DateOnly start, DateOnly end, DateOnly today, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Province, "发布公示");
        RequireState("发布公示", StudioStatus.Selected);
        if (start < today)
        {
            throw new DomainException("公示日期无效", $"公示开始日期不能早于今天（{today:yyyy-MM-dd}）。", "notice_start_past");
        }

        if (end < start)
        {
            throw new DomainException("公示日期无效", "公示结束日期不能早于开始日期。", "notice_dates_invalid");
        }

        NoticeStart = start;
        NoticeEnd = end;
        Move(actor, "publish_notice", StudioStatus.UnderNotice, $"公示期 {start:yyyy-MM-dd} 至 {end:yyyy-MM-dd}", now);
    }

    /// <summary>
    /// 异议, lodged anonymously on the public notice during its period (end day included). The objector may leave a name
    /// and a way to be reached; nothing about them is required, so nobody is deterred by having to identify themselves.
    /// </summary>
    public Objection LodgeObjection(Guid objectionId, string? contactName, string? contact, string content, DateOnly today, DateTimeOffset now)
    {
        RequireState("提出异议", StudioStatus.UnderNotice, StudioStatus.Objected);
        if (NoticeStart is not { } start || NoticeEnd is not { } end)
        {
            throw new DomainConflictException("尚未公示", "该工作室尚未公示。", "notice_not_published");
        }

        NoticeObjections.EnsureOpen(today, start, end);

        var objection = new Objection(
            objectionId, null,
            Guard.OptionalText(contactName, "异议人姓名或单位", ContactMaxLength) ?? "",
            Guard.OptionalText(contact, "联系方式", ContactMaxLength) ?? "",
            Guard.Text(content, "异议内容", ReasonMaxLength),
            now, ObjectionStatus.Open, null, null, null);
        _objections.Add(objection);
        Move(new AccreditationActor(null, AccreditationParty.Public), "lodge_objection", StudioStatus.Objected, objection.Content, now);
        return objection;
    }

    /// <summary>异议处理: upheld, the studio is not recognized; dismissed, it returns under notice once none is left open.</summary>
    public void ResolveObjection(AccreditationActor actor, Guid objectionId, bool upheld, string reason, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Province, "处理异议");
        RequireState("处理异议", StudioStatus.Objected);
        var text = Guard.Text(reason, "处理意见", ReasonMaxLength);
        var stillOpen = NoticeObjections.Resolve(_objections, objectionId, upheld, text, actor.UserId, now, "该工作室申报没有这条异议。");
        if (upheld)
        {
            Move(actor, "uphold_objection", StudioStatus.Rejected, text, now);
        }
        else if (!stillOpen)
        {
            Move(actor, "dismiss_objection", StudioStatus.UnderNotice, text, now);
        }
        else
        {
            Record(actor, "dismiss_objection", Status, Status, text, now);
        }
    }

    /// <summary>
    /// 认定, after the notice ended with no objection open: the document number and date, the startup fund granted and the
    /// build cycle started on the recognition date.
    /// </summary>
    public void Recognize(AccreditationActor actor, StudioProgramme programme, string documentNumber, DateOnly recognizedOn, DateOnly today, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(programme);
        RequireParty(actor, AccreditationParty.Province, "认定");
        RequireState("认定", StudioStatus.UnderNotice);
        EnsureProgramme(programme);
        var end = NoticeEnd ?? throw new DomainConflictException("尚未公示", "该工作室尚未公示，不能认定。", "notice_not_published");
        if (today <= end || recognizedOn <= end)
        {
            throw new DomainConflictException("公示期未结束", $"公示期至 {end:yyyy-MM-dd} 结束，之后才能认定。", "notice_not_ended");
        }

        if (recognizedOn > today)
        {
            throw new DomainException("认定日期无效", "认定日期不能晚于今天。", "recognition_date_future");
        }

        RecognitionDocumentNumber = Guard.Text(documentNumber, "认定文号", DocumentNumberMaxLength);
        RecognizedOn = recognizedOn;
        CycleStart = recognizedOn;
        CycleEnd = recognizedOn.AddYears(programme.BuildCycleYears).AddDays(-1);
        FundGrantedYuan = programme.StartupFundYuan;
        Move(actor, "recognize", StudioStatus.Recognized,
            $"{RecognitionDocumentNumber}，{recognizedOn:yyyy-MM-dd}；建设周期至 {CycleEnd:yyyy-MM-dd}；启动资金 {FundGrantedYuan:0.##} 元", now);
    }

    /// <summary>
    /// 启动资金支出, recorded by the enterprise while the studio is building: a category the seed names, a positive amount
    /// in fen, a date between recognition and today, and never more than the balance.
    /// </summary>
    public FundEntry RecordSpending(
        AccreditationActor actor, StudioProgramme programme, Guid entryId, string categoryCode, DateOnly spentOn, decimal amount, string note,
        Guid? voucherFileId, DateOnly today, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(programme);
        RequireParty(actor, AccreditationParty.Applicant, "登记资金支出");
        RequireState("登记资金支出", StudioStatus.Recognized, StudioStatus.Continued);
        var category = programme.FundCategories.FirstOrDefault(c => c.Code == categoryCode)
            ?? throw new DomainException("支出类别无效", $"启动资金的支出类别应为：{string.Join("、", programme.FundCategories.Select(c => c.Name))}。", "fund_category_unknown");
        if (amount <= 0 || decimal.Round(amount, 2) != amount)
        {
            throw new DomainException("金额无效", "支出金额应为正数，最多两位小数（元）。", "fund_amount_invalid");
        }

        if (spentOn < RecognizedOn || spentOn > today)
        {
            throw new DomainException("支出日期无效", $"支出日期应在认定日期（{RecognizedOn:yyyy-MM-dd}）与今天之间。", "fund_date_invalid");
        }

        if (amount > FundBalanceYuan)
        {
            throw new DomainConflictException(
                "超出启动资金余额",
                $"本笔支出 {amount:0.00} 元超过启动资金余额 {FundBalanceYuan:0.00} 元（已拨付 {FundGrantedYuan:0.00} 元，已支出 {FundSpentYuan:0.00} 元）。",
                "fund_overspent");
        }

        var entry = new FundEntry(entryId, category.Code, spentOn, amount, Guard.Text(note, "支出说明", NoteMaxLength), voucherFileId, actor.UserId, now);
        _fundEntries.Add(entry);
        Record(actor, "fund_spend", Status, Status, $"{category.Name} {amount:0.00} 元（{spentOn:yyyy-MM-dd}）：{entry.Note}", now);
        return entry;
    }

    /// <summary>复评, before the cycle ends: passed, the studio continues; failed, its recognition is revoked (with the reason).</summary>
    public void ReEvaluate(AccreditationActor actor, bool passed, string? reason, DateOnly evaluatedOn, DateOnly today, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Province, "复评");
        RequireState("复评", StudioStatus.Recognized);
        if (evaluatedOn > today || evaluatedOn < RecognizedOn)
        {
            throw new DomainException("复评日期无效", "复评日期应在认定日期与今天之间。", "reevaluation_date_invalid");
        }

        if (evaluatedOn > CycleEnd)
        {
            throw new DomainConflictException("建设周期已结束", $"复评应在建设周期结束（{CycleEnd:yyyy-MM-dd}）前组织。", "reevaluation_after_cycle");
        }

        ReEvaluatedOn = evaluatedOn;
        ReEvaluationPassed = passed;
        if (passed)
        {
            Move(actor, "reevaluate_pass", StudioStatus.Continued, Guard.OptionalText(reason, "复评意见", ReasonMaxLength) ?? "复评合格", now);
            return;
        }

        var text = Guard.Text(reason, "复评不合格的理由", ReasonMaxLength);
        Record(actor, "reevaluate_fail", Status, Status, text, now);
        RevokeCore(actor, $"复评不合格：{text}", evaluatedOn, now);
    }

    /// <summary>撤销认定 (违反相关规定): always with its reason; the unspent balance is recorded as recovered.</summary>
    public void Revoke(AccreditationActor actor, string reason, DateOnly today, DateTimeOffset now)
    {
        RequireParty(actor, AccreditationParty.Province, "撤销认定");
        RequireState("撤销认定", StudioStatus.Recognized, StudioStatus.Continued);
        RevokeCore(actor, Guard.Text(reason, "撤销理由", ReasonMaxLength), today, now);
    }

    public static string StatusName(StudioStatus status) => status switch
    {
        StudioStatus.Draft => "草稿",
        StudioStatus.Submitted => "市州初审中",
        StudioStatus.ReturnedByCity => "市州退回",
        StudioStatus.CityRecommended => "市州已推荐",
        StudioStatus.ExpertReview => "专家认定中",
        StudioStatus.ExpertsDone => "专家意见已齐",
        StudioStatus.Selected => "已入选",
        StudioStatus.NotSelected => "未入选",
        StudioStatus.UnderNotice => "公示中",
        StudioStatus.Objected => "异议处理中",
        StudioStatus.Recognized => "已认定（建设中）",
        StudioStatus.Rejected => "不予认定",
        StudioStatus.Continued => "复评合格",
        StudioStatus.Revoked => "已撤销",
        _ => status.ToString(),
    };

    public static string DeskName(CityDesk desk) => desk == CityDesk.HumanResources ? "人社" : "财政";

    private void RevokeCore(AccreditationActor actor, string reason, DateOnly on, DateTimeOffset now)
    {
        RevokedOn = on;
        RevocationReason = reason;
        RecoveredYuan = FundBalanceYuan;
        Move(actor, "revoke", StudioStatus.Revoked, $"{reason}；追回剩余启动资金 {RecoveredYuan:0.00} 元", now);
    }

    private void EnsureProgramme(StudioProgramme programme)
    {
        if (programme.Version != ProgrammeVersion)
        {
            throw new DomainConflictException("版本不一致", $"该申报按工作室申报表 {ProgrammeVersion} 填报，不能按其他版本处理。", "programme_version_mismatch");
        }
    }

    private static void RequireParty(AccreditationActor actor, AccreditationParty party, string what)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Party != party)
        {
            var who = party switch
            {
                AccreditationParty.Applicant => "申报企业",
                AccreditationParty.CityBureau => "市州人社、财政部门",
                AccreditationParty.Province => "省人力资源社会保障厅",
                AccreditationParty.Expert => "认定专家",
                _ => party.ToString(),
            };
            throw new DomainForbiddenException("没有权限", $"只有{who}可以{what}。", "forbidden_party");
        }
    }

    private void RequireState(string what, params StudioStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new DomainConflictException(
                "当前状态不允许该操作",
                $"工作室当前状态为“{StatusName(Status)}”，只有在“{string.Join("、", allowed.Select(StatusName))}”状态下才能{what}。",
                "invalid_state");
        }
    }

    private void Move(AccreditationActor actor, string action, StudioStatus to, string? reason, DateTimeOffset now)
    {
        var from = Status;
        Status = to;
        Record(actor, action, from, to, reason, now);
    }

    private void Record(AccreditationActor actor, string action, StudioStatus from, StudioStatus to, string? reason, DateTimeOffset now)
    {
        _audit.Add(new AccreditationAuditEntry(now, actor.UserId, actor.Party, action, from.ToString(), to.ToString(), reason));
        UpdatedAt = now;
    }
}

/// <summary>
/// A file of a studio: one of the 附件2 materials (M1–M3) while the application can change, or a voucher (凭证) of a
/// fund spending while the studio builds. PDF, JPEG or PNG up to 5 MB, typed by its bytes (<see cref="EvidenceFile"/>).
/// </summary>
public sealed class StudioFile
{
    public const string VoucherPurpose = "voucher";

    private StudioFile() { }

    public Guid Id { get; private set; }

    public Guid StudioId { get; private set; }

    /// <summary>A material code of the programme (M1…) or <see cref="VoucherPurpose"/>.</summary>
    public string Purpose { get; private set; } = "";

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public int Size { get; private set; }

    public byte[] Content { get; private set; } = [];

    public Guid UploadedByUserId { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    public static StudioFile Upload(Guid id, MentoringStudio studio, StudioProgramme programme, AccreditationActor actor, string? purpose, EvidenceFile file, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(studio);
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(file);
        if (actor.Party != AccreditationParty.Applicant)
        {
            throw new DomainForbiddenException("没有权限", "只有申报企业可以上传工作室文件。", "forbidden_party");
        }

        if (purpose == VoucherPurpose)
        {
            if (!studio.IsBuilding)
            {
                throw new DomainConflictException("当前状态不允许该操作", "只有已认定、在建设期内的工作室可以上传支出凭证。", "invalid_state");
            }
        }
        else if (programme.Materials.All(m => m.Code != purpose))
        {
            throw new DomainException("材料类别无效", $"请选择申报材料：{string.Join("；", programme.Materials.Select(m => $"{m.Code} {m.Name}"))}。", "material_unknown");
        }
        else if (studio.Status is not (StudioStatus.Draft or StudioStatus.ReturnedByCity))
        {
            throw new DomainConflictException(
                "当前状态不允许该操作",
                $"工作室当前状态为“{MentoringStudio.StatusName(studio.Status)}”，只有草稿或被退回的申报可以上传申报材料。",
                "invalid_state");
        }

        return new StudioFile
        {
            Id = id,
            StudioId = studio.Id,
            Purpose = purpose!,
            FileName = file.FileName,
            ContentType = file.ContentType,
            Size = file.Content.Length,
            Content = file.Content,
            UploadedByUserId = actor.UserId ?? Guid.Empty,
            UploadedAt = now,
        };
    }
}

/// <summary>Which title a set of credentials proves: only verified, unexpired 职称证书 count, read by the title's name.</summary>
public static class StudioHostQualification
{
    public static ProfessionalTitle? VerifiedTitle(IEnumerable<EngineerCredential> credentials, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        // Each certificate names one title; the longest name it contains is the one it means ("正高级工程师" contains
        // "高级工程师", "助理工程师" contains "工程师"). The host's title is the highest any verified certificate proves.
        var byLength = Enum.GetValues<ProfessionalTitle>().OrderByDescending(t => EngineerVocabulary.Name(t).Length).ToList();
        var proven = credentials
            .Where(c => c.Kind == CredentialKind.ProfessionalTitle && c.IsValidOn(today))
            .Select(c => byLength.Cast<ProfessionalTitle?>().FirstOrDefault(t => c.Name.Contains(EngineerVocabulary.Name(t!.Value), StringComparison.Ordinal)))
            .Where(t => t is not null)
            .ToList();
        return proven.Count == 0 ? null : proven.Max();
    }
}
