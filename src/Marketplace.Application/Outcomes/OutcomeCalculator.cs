using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Live;
using Marketplace.Domain.Outcomes;
using Marketplace.Domain.Training;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Outcomes;

/// <summary>One record behind a figure: what it is, when, and where to see it.</summary>
public sealed record OutcomeRecordDto(string Kind, Guid Id, string Title, DateOnly Date, string? Detail, decimal? Amount, string? Link, string? Cluster, string? City);

public enum FigureAggregate
{
    /// <summary>The number of records.</summary>
    Count = 1,

    /// <summary>The sum of the records' amounts.</summary>
    Sum = 2,

    /// <summary>The mean of the records' amounts (satisfaction), 0 without records.</summary>
    Average = 3,
}

/// <summary>A figure and the records it is computed from; the value is never stored, only derived from <see cref="Records"/>.</summary>
public sealed class Figure(string key, string section, string label, string unit, FigureAggregate aggregate, IReadOnlyList<OutcomeRecordDto> records)
{
    public string Key { get; } = key;

    public string Section { get; } = section;

    public string Label { get; } = label;

    public string Unit { get; } = unit;

    public FigureAggregate Aggregate { get; } = aggregate;

    public IReadOnlyList<OutcomeRecordDto> Records { get; } = records;

    public decimal Value => Aggregate switch
    {
        FigureAggregate.Count => Records.Count,
        FigureAggregate.Sum => Records.Sum(r => r.Amount ?? 0m),
        _ => Records.Count == 0 ? 0m : Math.Round(Records.Average(r => r.Amount ?? 0m), 2),
    };
}

/// <summary>Every figure of one center and calendar year, each with its records.</summary>
public sealed record OutcomeSheet(Guid CenterId, Guid OrganizationId, int Year, IReadOnlyList<Figure> Figures)
{
    public Figure this[string key] => Figures.FirstOrDefault(f => f.Key == key)
        ?? throw new NotFoundException("成果指标", key);

    public IReadOnlyDictionary<string, decimal> Values => Figures.ToDictionary(f => f.Key, f => f.Value);
}

/// <summary>
/// Computes a center's outcomes for a calendar year (China time) from the platform's own records (decision 70):
/// listings the center's people reviewed, supported, verified or settled; consultations routed through the center;
/// matching sessions its people hosted; its training records and 传帮带 pairs; and its entries with evidence. Each
/// figure is the count, sum or mean of its record list, so a figure cannot disagree with its drill-down (decision 71).
/// </summary>
public sealed class OutcomeCalculator(IMarketplaceDbContext db)
{
    public static readonly string[] TitleLevels = ["senior", "middle", "junior"];

    public async Task<OutcomeSheet> ComputeAsync(Guid centerId, Guid organizationId, int year, CancellationToken ct)
    {
        var from = new DateTimeOffset(year, 1, 1, 0, 0, 0, ChinaTime.Offset).ToUniversalTime();
        var to = from.AddYears(1);
        var firstDay = new DateOnly(year, 1, 1);
        var lastDay = new DateOnly(year, 12, 31);
        bool In(DateTimeOffset? t) => t is { } v && v >= from && v < to;
        static DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(t.ToOffset(ChinaTime.Offset).DateTime);

        var members = await db.UserAccounts.Where(u => u.OrganizationId == organizationId).Select(u => u.Id).ToListAsync(ct);
        var clusters = await db.Clusters.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        string ClusterName(string code) => clusters.GetValueOrDefault(code, code);
        string CityName(string code) => regions.GetValueOrDefault(code, code);

        // ---- 揭榜挂帅: the listings the center's own people acted on --------------------------------------------------
        var verification = ChallengeAction.RecordVerification;
        var failed = ChallengeStatus.VerificationFailed;
        var listings = await db.Challenges.AsNoTracking()
            .Where(c => c.Audit.Any(a => a.ActorUserId != null && members.Contains(a.ActorUserId.Value)))
            .Where(c => (c.CreatedAt >= from && c.CreatedAt < to) || (c.PublishedAt >= from && c.PublishedAt < to) || (c.SettledAt >= from && c.SettledAt < to)
                || c.Awards.Any(a => a.AwardedAt >= from && a.AwardedAt < to)
                || c.Audit.Any(a => a.Action == verification && a.To != failed && a.At >= from && a.At < to))
            .Select(c => new
            {
                c.Id, c.Title, c.ClusterCode, c.CityCode, c.OwnerOrganizationId, c.CreatedAt, c.PublishedAt, c.SettledAt, c.Bounty, c.SupportAmount,
                AwardedAt = c.Awards.Min(a => (DateTimeOffset?)a.AwardedAt),
                VerifiedAt = c.Audit.Where(a => a.Action == verification && a.To != failed).Min(a => (DateTimeOffset?)a.At),
                Awarded = c.Awards.Where(a => a.AwardedAt >= from && a.AwardedAt < to).SelectMany(a => a.Shares.Select(s => s.EngineerId)).ToList(),
            })
            .ToListAsync(ct);
        OutcomeRecordDto Listing(Guid id, string title, DateTimeOffset at, string cluster, string city, decimal? amount, string? detail = null) =>
            new("challenge", id, title, Day(at), detail ?? $"{ClusterName(cluster)} · {CityName(city)}", amount, $"/Challenges/Details/{id}", ClusterName(cluster), CityName(city));

        var posted = listings.Where(c => In(c.CreatedAt)).Select(c => Listing(c.Id, c.Title, c.CreatedAt, c.ClusterCode, c.CityCode, c.Bounty)).ToList();
        var published = listings.Where(c => In(c.PublishedAt)).Select(c => Listing(c.Id, c.Title, c.PublishedAt!.Value, c.ClusterCode, c.CityCode, c.Bounty)).ToList();
        var awarded = listings.Where(c => In(c.AwardedAt)).Select(c => Listing(c.Id, c.Title, c.AwardedAt!.Value, c.ClusterCode, c.CityCode, c.Bounty)).ToList();
        var verified = listings.Where(c => In(c.VerifiedAt)).Select(c => Listing(c.Id, c.Title, c.VerifiedAt!.Value, c.ClusterCode, c.CityCode, c.Bounty)).ToList();
        var settledRows = listings.Where(c => In(c.SettledAt)).ToList();
        var settled = settledRows.Select(c => Listing(c.Id, c.Title, c.SettledAt!.Value, c.ClusterCode, c.CityCode, c.Bounty)).ToList();
        var settledSupport = settledRows.Where(c => c.SupportAmount > 0)
            .Select(c => Listing(c.Id, c.Title, c.SettledAt!.Value, c.ClusterCode, c.CityCode, c.SupportAmount, $"助题 {c.SupportAmount:N2} 元")).ToList();

        // ---- 在线问诊 routed through the center, ended within the year ----------------------------------------------
        var ended = ConsultationStatus.Ended;
        var consultations = await db.Consultations.AsNoTracking()
            .Where(c => c.CenterOrganizationId == organizationId && c.Status == ended && c.EndedAt >= from && c.EndedAt < to)
            .Select(c => new { c.Id, c.Topic, c.CompanyOrganizationId, c.EngineerId, c.AcceptedAt, EndedAt = c.EndedAt!.Value, c.Rating })
            .ToListAsync(ct);
        static decimal Hours(DateTimeOffset? start, DateTimeOffset end) => start is { } s && end > s ? Math.Round((decimal)(end - s).TotalHours, 2) : 0m;
        var consultationRows = consultations.Select(c => new OutcomeRecordDto("consultation", c.Id, c.Topic, Day(c.EndedAt), null, null, $"/Consultations/{c.Id}", null, null)).ToList();
        var consultationHours = consultations.Select(c => new OutcomeRecordDto("consultation", c.Id, c.Topic, Day(c.EndedAt), $"{Hours(c.AcceptedAt, c.EndedAt):0.##} 小时", Hours(c.AcceptedAt, c.EndedAt), $"/Consultations/{c.Id}", null, null)).ToList();
        var rated = consultations.Where(c => c.Rating is not null)
            .Select(c => new OutcomeRecordDto("consultation", c.Id, c.Topic, Day(c.EndedAt), $"评分 {c.Rating} / 5", c.Rating, $"/Consultations/{c.Id}", null, null)).ToList();

        // ---- 一对多撮合 hosted by the center's people ------------------------------------------------------------------
        var sessions = await db.MatchingSessions.AsNoTracking()
            .Where(s => members.Contains(s.HostUserId) && s.StartedAt >= from && s.StartedAt < to)
            .Select(s => new { s.Id, s.Title, s.StartedAt, s.ClusterCode, s.CityCode })
            .ToListAsync(ct);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var interested = InvitationAnswer.Interested;
        var invitations = await db.SessionInvitations.AsNoTracking()
            .Where(i => sessionIds.Contains(i.SessionId) && (i.Answer == interested || i.ConsultationId != null || i.InvitedToChallengeAt != null))
            .Select(i => new { i.Id, i.SessionId, i.EngineerId, i.EngineerName, i.Answer, i.ConsultationId, i.InvitedToChallengeAt, i.AnsweredAt })
            .ToListAsync(ct);
        var sessionById = sessions.ToDictionary(s => s.Id);
        var sessionRows = sessions.Select(s => new OutcomeRecordDto("session", s.Id, s.Title, Day(s.StartedAt), $"{ClusterName(s.ClusterCode)} · {CityName(s.CityCode)}", null, $"/Sessions/{s.Id}", ClusterName(s.ClusterCode), CityName(s.CityCode))).ToList();
        OutcomeRecordDto Invitation(Guid id, Guid sessionId, string name, string what) =>
            new("invitation", id, $"{name} · {sessionById[sessionId].Title}", Day(sessionById[sessionId].StartedAt), what, null, $"/Sessions/{sessionId}", null, null);
        var interestRows = invitations.Where(i => i.Answer == interested).Select(i => Invitation(i.Id, i.SessionId, i.EngineerName, "有意向")).ToList();
        var followRows = invitations.Where(i => i.ConsultationId != null || i.InvitedToChallengeAt != null)
            .Select(i => Invitation(i.Id, i.SessionId, i.EngineerName, i.ConsultationId != null ? "转入在线问诊" : "邀请揭榜")).ToList();

        // ---- 培训与传帮带: the center programme's own records -----------------------------------------------------------
        var centerProgramme = TrainingProgramme.Center;
        var events = await db.TrainingEvents.AsNoTracking()
            .Where(e => e.OwnerOrganizationId == organizationId && e.Programme == centerProgramme && e.StartDate >= firstDay && e.StartDate <= lastDay)
            .Select(e => new { e.Id, e.Title, e.StartDate, e.KindCode, Trainees = e.Trainees.Select(t => new { t.Id, t.EngineerId, t.Name, t.Title, t.Hours }).ToList() })
            .ToListAsync(ct);
        var eventRows = events.Select(e => new OutcomeRecordDto("training", e.Id, e.Title, e.StartDate, $"{e.Trainees.Count} 人次", null, $"/Training/Event?id={e.Id}", null, null)).ToList();
        var attendance = events.SelectMany(e => e.Trainees.Select(t => (Event: e, Trainee: t))).ToList();
        var personTimes = attendance.Select(a => new OutcomeRecordDto("trainee", a.Trainee.Id, $"{a.Trainee.Name} · {a.Event.Title}", a.Event.StartDate,
            TitleName(a.Trainee.Title), a.Trainee.Hours, $"/Training/Event?id={a.Event.Id}", null, null)).ToList();

        // Distinct people: an engineer on the platform by profile, anyone else by name (as the training tallies count them).
        var people = attendance.GroupBy(a => a.Trainee.EngineerId is { } id ? id.ToString() : "name:" + a.Trainee.Name)
            .Select(g => g.OrderByDescending(a => a.Trainee.Title ?? 0).First())
            .Select(a => (Level: Level(a.Trainee.Title), Row: new OutcomeRecordDto("trainee", a.Trainee.EngineerId ?? a.Trainee.Id, a.Trainee.Name, a.Event.StartDate,
                TitleName(a.Trainee.Title), null, a.Trainee.EngineerId is { } e ? $"/Engineers/{e}" : $"/Training/Event?id={a.Event.Id}", null, null)))
            .ToList();

        var pairings = await db.MentorPairings.AsNoTracking()
            .Where(p => p.OwnerOrganizationId == organizationId && p.Programme == centerProgramme && p.StartDate <= lastDay && (p.EndedOn == null || p.EndedOn >= firstDay))
            .Select(p => new { p.Id, p.MentorEngineerId, p.TraineeEngineerId, p.StartDate, p.Status })
            .ToListAsync(ct);

        // ---- 填报成果 with evidence -----------------------------------------------------------------------------------
        var entries = await db.OutcomeEntries.AsNoTracking()
            .Where(e => e.OwnerOrganizationId == organizationId && e.OccurredOn >= firstDay && e.OccurredOn <= lastDay)
            .OrderBy(e => e.OccurredOn)
            .ToListAsync(ct);
        OutcomeRecordDto Entry(OutcomeEntry e, decimal? amount) =>
            new("entry", e.Id, e.Title, e.OccurredOn, string.Join(" · ", new[] { e.SubtypeName, OutcomeEntry.SourceName(e.Source), e.Detail }.Where(s => !string.IsNullOrEmpty(s))),
                amount, $"/api/outcomes/entries/{e.Id}/evidence", null, null);
        List<OutcomeRecordDto> Entries(OutcomeEntryKind kind, Func<OutcomeEntry, bool>? filter = null, Func<OutcomeEntry, decimal?>? amount = null) =>
            [.. entries.Where(e => e.Kind == kind && (filter?.Invoke(e) ?? true)).Select(e => Entry(e, amount?.Invoke(e) ?? e.Amount))];

        // ---- 工程师集聚: everyone who served through those records ------------------------------------------------------
        var engineerIds = listings.SelectMany(c => c.Awarded)
            .Concat(consultations.Where(c => c.EngineerId != null).Select(c => c.EngineerId!.Value))
            .Concat(invitations.Where(i => i.Answer == interested).Select(i => i.EngineerId))
            .Concat(attendance.Where(a => a.Trainee.EngineerId != null).Select(a => a.Trainee.EngineerId!.Value))
            .Concat(pairings.SelectMany(p => new[] { p.MentorEngineerId, p.TraineeEngineerId }))
            .Distinct().ToList();
        var engineers = await db.Engineers.AsNoTracking()
            .Where(e => engineerIds.Contains(e.Id))
            .Select(e => new { e.Id, e.Name, e.Title, e.Tier, e.EmployerType, e.EmployerOrganizationId, e.EmployerName, e.ServiceModes, e.CityCode })
            .ToListAsync(ct);
        var engineerNames = engineers.ToDictionary(e => e.Id, e => e.Name);
        var engineerRows = engineers.OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => (e.Title, e.Tier, e.EmployerType, Mode: EngagementOf(e.EmployerOrganizationId, organizationId, e.ServiceModes),
                Row: new OutcomeRecordDto("engineer", e.Id, e.Name, firstDay, $"{TitleName(e.Title)} · {e.EmployerName}", null, $"/Engineers/{e.Id}", null, CityName(e.CityCode))))
            .ToList();
        var pairingRows = pairings.Select(p => PairingRow(p.Id, p.MentorEngineerId, p.TraineeEngineerId, p.StartDate, p.Status, engineerNames)).ToList();
        var companyIds = listings.Where(c => In(c.PublishedAt)).Select(c => c.OwnerOrganizationId).Concat(consultations.Select(c => c.CompanyOrganizationId)).Distinct().ToList();
        var companies = await db.Organizations.AsNoTracking().Where(o => companyIds.Contains(o.Id)).Select(o => new { o.Id, o.Name, o.RegionCode }).ToListAsync(ct);
        var companyRows = companies.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new OutcomeRecordDto("company", c.Id, c.Name, firstDay, CityName(c.RegionCode), null, null, null, CityName(c.RegionCode))).ToList();

        var figures = new List<Figure>
        {
            new("talent.engineers", "talent", "集聚服务工程师", "人", FigureAggregate.Count, [.. engineerRows.Select(e => e.Row)]),
            new("talent.provincial", "talent", "其中：省级以上卓越工程师", "人", FigureAggregate.Count, [.. engineerRows.Where(e => e.Tier != ExcellenceTier.None).Select(e => e.Row)]),
        };
        foreach (var title in Enum.GetValues<ProfessionalTitle>().Reverse())
        {
            figures.Add(new($"talent.title.{title}", "talent", $"按职称：{TitleName(title)}", "人", FigureAggregate.Count, [.. engineerRows.Where(e => e.Title == title).Select(e => e.Row)]));
        }

        foreach (var tier in Enum.GetValues<ExcellenceTier>().Where(t => t != ExcellenceTier.None))
        {
            figures.Add(new($"talent.tier.{tier}", "talent", $"按层级：{TierName(tier)}", "人", FigureAggregate.Count, [.. engineerRows.Where(e => e.Tier == tier).Select(e => e.Row)]));
        }

        foreach (var type in Enum.GetValues<EmployerType>())
        {
            figures.Add(new($"talent.employer.{type}", "talent", $"按单位类型：{EmployerTypeName(type)}", "人", FigureAggregate.Count, [.. engineerRows.Where(e => e.EmployerType == type).Select(e => e.Row)]));
        }

        foreach (var mode in Enum.GetValues<Engagement>())
        {
            figures.Add(new($"talent.mode.{mode}", "talent", $"按引进方式：{EngagementName(mode)}", "人", FigureAggregate.Count, [.. engineerRows.Where(e => e.Mode == mode).Select(e => e.Row)]));
        }

        figures.AddRange(
        [
            new("platform.training.events", "platform", "培训活动", "场", FigureAggregate.Count, eventRows),
            new("platform.training.trainees", "platform", "培训人数（去重）", "人", FigureAggregate.Count, [.. people.Select(p => p.Row)]),
            new("platform.training.persontimes", "platform", "培训人次", "人次", FigureAggregate.Count, personTimes),
            new("platform.training.hours", "platform", "培训学时（人次 × 学时）", "学时", FigureAggregate.Sum, personTimes),
        ]);
        foreach (var level in TitleLevels)
        {
            figures.Add(new($"platform.training.level.{level}", "platform", $"培训人数：{LevelName(level)}", "人", FigureAggregate.Count, [.. people.Where(p => p.Level == level).Select(p => p.Row)]));
        }

        figures.AddRange(
        [
            new("platform.pairings", "platform", "传帮带师徒结对", "对", FigureAggregate.Count, pairingRows),
            new("platform.equipment", "platform", "开放共享的设备与平台资源", "项", FigureAggregate.Count, Entries(OutcomeEntryKind.Equipment)),
            new("platform.equipment.times", "platform", "设备与平台资源对外共享", "次", FigureAggregate.Sum, Entries(OutcomeEntryKind.Equipment, amount: e => e.TimesShared)),
            new("services.companies", "services", "服务企业", "家", FigureAggregate.Count, companyRows),
            new("services.challenges.posted", "services", "企业出题（榜单创建）", "项", FigureAggregate.Count, posted),
            new("services.challenges.published", "services", "审核发布榜单", "项", FigureAggregate.Count, published),
            new("services.challenges.awarded", "services", "揭榜定榜", "项", FigureAggregate.Count, awarded),
            new("services.challenges.verified", "services", "车间验题通过", "项", FigureAggregate.Count, verified),
            new("services.challenges.settled", "services", "完成结算", "项", FigureAggregate.Count, settled),
            new("services.bounty.published", "services", "发布榜单悬赏金额", "元", FigureAggregate.Sum, published),
            new("services.bounty.settled", "services", "结算榜单悬赏金额", "元", FigureAggregate.Sum, settled),
            new("services.support.settled", "services", "结算榜单政府助题金额", "元", FigureAggregate.Sum, settledSupport),
            new("services.consultations", "services", "在线问诊（已完成）", "次", FigureAggregate.Count, consultationRows),
            new("services.consultations.hours", "services", "在线问诊时长", "小时", FigureAggregate.Sum, consultationHours),
            new("services.consultations.satisfaction", "services", "在线问诊满意度（平均评分）", "分", FigureAggregate.Average, rated),
            new("services.sessions", "services", "一对多撮合场次", "场", FigureAggregate.Count, sessionRows),
            new("services.sessions.interested", "services", "撮合中表示有意向", "人次", FigureAggregate.Count, interestRows),
            new("services.sessions.followups", "services", "撮合后续（问诊或邀请揭榜）", "次", FigureAggregate.Count, followRows),
            new("funds.received.fiscal", "funds", "到位财政资金", "元", FigureAggregate.Sum, Entries(OutcomeEntryKind.FundReceived, e => e.Source == FundSource.Fiscal)),
            new("funds.received.self", "funds", "到位自筹资金", "元", FigureAggregate.Sum, Entries(OutcomeEntryKind.FundReceived, e => e.Source == FundSource.SelfRaised)),
            new("funds.spent.fiscal", "funds", "支出财政资金", "元", FigureAggregate.Sum, Entries(OutcomeEntryKind.FundSpent, e => e.Source == FundSource.Fiscal)),
            new("funds.spent.self", "funds", "支出自筹资金", "元", FigureAggregate.Sum, Entries(OutcomeEntryKind.FundSpent, e => e.Source == FundSource.SelfRaised)),
        ]);
        foreach (var (code, name) in OutcomeEntry.Subtypes[OutcomeEntryKind.FundSpent])
        {
            figures.Add(new($"funds.spent.category.{code}", "funds", $"支出：{name}", "元", FigureAggregate.Sum, Entries(OutcomeEntryKind.FundSpent, e => e.Subtype == code)));
        }

        figures.AddRange(
        [
            new("results.standards.led", "results", "牵头制定标准", "项", FigureAggregate.Count, Entries(OutcomeEntryKind.Standard, e => e.IsLedStandard)),
            new("results.standards.all", "results", "参与制定标准（含牵头）", "项", FigureAggregate.Count, Entries(OutcomeEntryKind.Standard)),
            new("results.ip", "results", "知识产权", "项", FigureAggregate.Count, Entries(OutcomeEntryKind.IntellectualProperty)),
            new("results.ip.invention", "results", "其中：发明专利", "项", FigureAggregate.Count, Entries(OutcomeEntryKind.IntellectualProperty, e => e.Subtype == "invention")),
        ]);
        return new OutcomeSheet(centerId, organizationId, year, figures);
    }

    /// <summary>A 传帮带 pair as a record: "mentor → trainee", its start and state, linking to the pairings page.</summary>
    public static OutcomeRecordDto PairingRow(Guid id, Guid mentor, Guid trainee, DateOnly start, PairingStatus status, IReadOnlyDictionary<Guid, string> names) =>
        new("pairing", id, $"{names.GetValueOrDefault(mentor, "导师")} → {names.GetValueOrDefault(trainee, "学员")}", start,
            status == PairingStatus.InProgress ? "带教中" : status == PairingStatus.Completed ? "已结业" : "已中止", null, "/Training/Pairings", null, null);

    /// <summary>全职 when employed by the center's own organization; 兼职 when the engineer offers part-time posts; else 柔性 (decision 70).</summary>
    public static Engagement EngagementOf(Guid? employerOrganizationId, Guid centerOrganizationId, ServiceModes modes) =>
        employerOrganizationId == centerOrganizationId ? Engagement.FullTime
        : modes.HasFlag(ServiceModes.PartTime) ? Engagement.PartTime
        : Engagement.Flexible;

    public static string Level(ProfessionalTitle? title) => title switch
    {
        ProfessionalTitle.ProfessorSeniorEngineer or ProfessionalTitle.SeniorEngineer => "senior",
        ProfessionalTitle.Engineer => "middle",
        _ => "junior",
    };

    public static string LevelName(string level) => level switch
    {
        "senior" => "高级职称（正高、副高）",
        "middle" => "中级职称（工程师）",
        _ => "初级及以下（助理工程师、技术员、未填）",
    };

    public static string TitleName(ProfessionalTitle? title) => title switch
    {
        ProfessionalTitle.ProfessorSeniorEngineer => "正高级工程师",
        ProfessionalTitle.SeniorEngineer => "高级工程师",
        ProfessionalTitle.Engineer => "工程师",
        ProfessionalTitle.AssistantEngineer => "助理工程师",
        ProfessionalTitle.Technician => "技术员",
        _ => "未填职称",
    };

    public static string TierName(ExcellenceTier tier) => tier switch
    {
        ExcellenceTier.NationalLeading => "国家卓越工程师·领军级",
        ExcellenceTier.NationalPillar => "国家卓越工程师·栋梁级",
        ExcellenceTier.NationalElite => "国家卓越工程师·菁英级",
        ExcellenceTier.ProvincialLeading => "省卓越工程师·领军人才",
        ExcellenceTier.ProvincialYoung => "省卓越工程师·青年人才",
        _ => "无",
    };

    public static string EmployerTypeName(EmployerType type) => type switch
    {
        EmployerType.Enterprise => "企业",
        EmployerType.University => "高校",
        EmployerType.Institute => "科研院所",
        _ => type.ToString(),
    };

    public static string EngagementName(Engagement mode) => mode switch
    {
        Engagement.FullTime => "全职",
        Engagement.Flexible => "柔性引进",
        _ => "兼职",
    };
}

/// <summary>How an engineer serves the center: 全职, 柔性 or 兼职 (seed 001 2.1 “全职、柔性、兼职等多元化人才引进机制”).</summary>
public enum Engagement
{
    FullTime = 1,
    Flexible = 2,
    PartTime = 3,
}
