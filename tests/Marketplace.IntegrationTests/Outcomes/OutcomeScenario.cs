using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Live;
using Marketplace.Domain.Organizations;
using Marketplace.IntegrationTests.Accreditation;
using Marketplace.IntegrationTests.Training;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.ChallengeBoard;

namespace Marketplace.IntegrationTests.Outcomes;

/// <summary>
/// One recognized center with a year of records made through the platform's own paths: three listings its operator
/// published (one supported, two awarded, one verified and settled), consultations routed through it (two ended this
/// year, one last year, one still open), two training events, and entries with evidence (standards, IP, equipment,
/// funds, one of them last year). The expected figures are counted here by hand from what was made.
/// </summary>
internal sealed class OutcomeScenario(MarketplaceAppFactory app)
{
    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    private readonly AccreditationDesk _desk = new(app);
    private readonly TrainingDesk _training = new(app);
    private readonly List<Guid> _rounds = [];
    private readonly List<Guid> _consultations = [];
    private readonly List<Guid> _challenges = [];

    public ChallengeBoard Board => _desk.Board;

    public AccreditationDesk Desk => _desk;

    public Guid CenterId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Operator { get; private set; } = "";

    public int Year { get; } = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;

    public HashSet<Guid> Engineers { get; } = [];

    public Guid ConsultingEngineer { get; private set; }

    public Guid TrainedEngineer { get; private set; }

    public async Task BuildAsync(string tag)
    {
        (CenterId, OrganizationId, Operator) = await CenterSeed.RecognizedAsync(app, _desk, _rounds, tag, new DateOnly(Year - 1, 6, 1));

        // 揭榜挂帅: the company posts, this center's operator publishes (and supports one); A is settled, B awarded, C open.
        var a = await PublishAsync(Listing(title: $"{tag}主轴热变形补偿", bounty: 100_000m), support: 30_000m);
        var b = await PublishAsync(Listing(title: $"{tag}焊接变形控制", bounty: 80_000m), support: 0m);
        await PublishAsync(Listing(title: $"{tag}液压阀块降噪", bounty: 60_000m), support: 0m);
        var winner = await Board.EngineerIdAsync(Engineer);
        Engineers.Add(winner);
        await AwardAsync(a);
        await AwardAsync(b);
        var due = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)).ToString("yyyy-MM-dd");
        var planned = await Board.Put(Company, $"/api/challenges/{a}/milestones", new { milestones = new[] { new { title = "补偿模型", dueDate = due, amount = 130_000m } } });
        var milestone = planned.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        await Board.Post(Engineer, $"/api/challenges/{a}/start-work", new { });
        await Board.Post(Engineer, $"/api/challenges/{a}/milestones/{milestone}/deliver", new { note = "模型与测试报告" });
        await Board.Post(Company, $"/api/challenges/{a}/milestones/{milestone}/review", new { accept = true, comment = "符合要求" });
        await Board.Post(Engineer, $"/api/challenges/{a}/deliver", new { note = "全部成果交付" });
        await Board.Post(Operator, $"/api/challenges/{a}/verification", new { verifierName = "车间 王主任", location = "二号车间", passed = true, report = "热误差小于 5 微米。" });
        await Board.Post(Company, $"/api/challenges/{a}/evaluations", new { rating = 5, costSaved = 100_000m, outputAdded = 500_000m, note = "废品率下降" });
        await Board.Post(Company, $"/api/challenges/{a}/settle", new { });

        // 在线问诊 routed through the center, with exact times so the hours are known.
        var demoCompany = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Company).Select(u => new { u.Id, u.OrganizationId }).FirstAsync());
        var otherCompany = await _desk.NewOrganizationAsync($"{tag}问诊企业", OrganizationKind.Company);
        ConsultingEngineer = await _training.NewEngineerAsync($"{tag}问诊专家", ProfessionalTitle.SeniorEngineer);
        await app.WithDbAsync(db => db.Engineers.Where(e => e.Id == ConsultingEngineer).ExecuteUpdateAsync(s => s.SetProperty(e => e.Tier, ExcellenceTier.ProvincialYoung)));
        Engineers.Add(ConsultingEngineer);
        var engineerUser = await app.WithDbAsync(db => db.Engineers.Where(e => e.Id == ConsultingEngineer).Select(e => e.UserId).FirstAsync());
        var operatorUser = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Operator).Select(u => u.Id).FirstAsync());
        await ConsultAsync(demoCompany.OrganizationId!.Value, demoCompany.Id, engineerUser, operatorUser, At(Year, 3, 2, 9, 0), TimeSpan.FromMinutes(90), 5);
        await ConsultAsync(otherCompany, demoCompany.Id, engineerUser, operatorUser, At(Year, 4, 1, 14, 0), TimeSpan.FromHours(2), 4);
        await ConsultAsync(demoCompany.OrganizationId!.Value, demoCompany.Id, engineerUser, operatorUser, At(Year - 1, 11, 3, 10, 0), TimeSpan.FromHours(1), 3);
        await ConsultAsync(demoCompany.OrganizationId!.Value, demoCompany.Id, engineerUser, operatorUser, At(Year, 5, 6, 10, 0), null, null);

        // 培训: two events, three distinct people (one engineer twice), four person-times, 24 hours.
        TrainedEngineer = await _training.NewEngineerAsync($"{tag}学员", ProfessionalTitle.Engineer);
        Engineers.Add(TrainedEngineer);
        await _training.RecordAsync(Operator, TrainingDesk.Event($"{tag}焊接工艺研修", new DateOnly(Year, 5, 10), new DateOnly(Year, 5, 11), 8m,
            [TrainingDesk.Engineer(TrainedEngineer, 8m, "Engineer"), TrainingDesk.Named($"{tag}李四", 8m, "AssistantEngineer")]));
        await _training.RecordAsync(Operator, TrainingDesk.Event($"{tag}数字化车间交流", new DateOnly(Year, 6, 1), new DateOnly(Year, 6, 1), 4m,
            [TrainingDesk.Engineer(TrainedEngineer, 4m, "Engineer"), TrainingDesk.Named($"{tag}王五", 4m, "SeniorEngineer")]));

        // 填报成果 with evidence.
        await EntryAsync("Standard", "national-led", $"{tag}工程机械焊接国家标准", new DateOnly(Year, 2, 1));
        await EntryAsync("Standard", "participated", $"{tag}团体标准（参与）", new DateOnly(Year, 2, 15));
        await EntryAsync("IntellectualProperty", "invention", $"{tag}热误差补偿方法", new DateOnly(Year, 3, 1));
        await EntryAsync("IntellectualProperty", "software", $"{tag}补偿软件 V1.0", new DateOnly(Year, 3, 2));
        await EntryAsync("Equipment", "equipment", $"{tag}三坐标测量机", new DateOnly(Year, 4, 1), timesShared: 12);
        await EntryAsync("Equipment", "lab", $"{tag}焊接中试线", new DateOnly(Year, 4, 2), timesShared: 8);
        await EntryAsync("FundReceived", "grant", $"{tag}省级专项", new DateOnly(Year, 1, 20), amount: 500_000m, source: "Fiscal");
        await EntryAsync("FundReceived", "investment", $"{tag}单位配套", new DateOnly(Year, 1, 21), amount: 200_000m, source: "SelfRaised");
        await EntryAsync("FundSpent", "equipment", $"{tag}购置测量仪", new DateOnly(Year, 5, 1), amount: 120_000m, source: "Fiscal");
        await EntryAsync("FundSpent", "training", $"{tag}培训费用", new DateOnly(Year, 6, 2), amount: 30_000m, source: "SelfRaised");
        await EntryAsync("FundReceived", "grant", $"{tag}上年度专项", new DateOnly(Year - 1, 12, 1), amount: 999m, source: "Fiscal");
    }

    /// <summary>The figures counted by hand from <see cref="BuildAsync"/> (the engineers' breakdowns are read from their profiles).</summary>
    public static readonly Dictionary<string, decimal> Expected = new()
    {
        ["talent.engineers"] = 3, ["services.companies"] = 2,
        ["services.challenges.posted"] = 3, ["services.challenges.published"] = 3, ["services.challenges.awarded"] = 2,
        ["services.challenges.verified"] = 1, ["services.challenges.settled"] = 1,
        ["services.bounty.published"] = 240_000m, ["services.bounty.settled"] = 100_000m, ["services.support.settled"] = 30_000m,
        ["services.consultations"] = 2, ["services.consultations.hours"] = 3.5m, ["services.consultations.satisfaction"] = 4.5m,
        ["services.sessions"] = 0, ["services.sessions.interested"] = 0, ["services.sessions.followups"] = 0,
        ["platform.training.events"] = 2, ["platform.training.trainees"] = 3, ["platform.training.persontimes"] = 4, ["platform.training.hours"] = 24m,
        ["platform.training.level.senior"] = 1, ["platform.training.level.middle"] = 1, ["platform.training.level.junior"] = 1,
        ["platform.pairings"] = 0, ["platform.equipment"] = 2, ["platform.equipment.times"] = 20,
        ["funds.received.fiscal"] = 500_000m, ["funds.received.self"] = 200_000m, ["funds.spent.fiscal"] = 120_000m, ["funds.spent.self"] = 30_000m,
        ["funds.spent.category.equipment"] = 120_000m, ["funds.spent.category.training"] = 30_000m, ["funds.spent.category.talent"] = 0m,
        ["results.standards.led"] = 1, ["results.standards.all"] = 2, ["results.ip"] = 2, ["results.ip.invention"] = 1,
    };

    /// <summary>Last year's figures by hand: one consultation, one fiscal fund.</summary>
    public static readonly Dictionary<string, decimal> ExpectedLastYear = new()
    {
        ["services.consultations"] = 1, ["services.consultations.hours"] = 1m, ["funds.received.fiscal"] = 999m, ["services.challenges.published"] = 0,
    };

    public async Task CleanUpAsync()
    {
        await app.WithDbAsync(async db =>
        {
            await db.Consultations.Where(c => _consultations.Contains(c.Id)).ExecuteDeleteAsync();

            // The listings stay (the engineers' counters count their awards), but those closed early for the award get
            // their deadline moved to the close: the demo-data tests expect no awarded listing with a deadline ahead.
            var closed = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.Challenges.Where(c => _challenges.Contains(c.Id) && c.Status != Marketplace.Domain.Challenges.ChallengeStatus.Published)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.ApplicationDeadline, closed));
            await db.OutcomeEntries.Where(e => e.OwnerOrganizationId == OrganizationId).ExecuteDeleteAsync();
            await db.OutcomeEvidenceFiles.Where(e => e.OwnerOrganizationId == OrganizationId).ExecuteDeleteAsync();
            await db.TrainingEvents.Where(e => e.OwnerOrganizationId == OrganizationId).ExecuteDeleteAsync();
            await db.AnnualReportFiles.Where(f => f.CenterId == CenterId).ExecuteDeleteAsync();
            return await db.AccreditedCenters.Where(c => c.Id == CenterId).ExecuteDeleteAsync();
        });
        await _training.CleanUpAsync();
        await _desk.CleanUpAsync();
        await CenterSeed.CleanUpAsync(app, _rounds);
    }

    public async Task<JsonElement> EntryAsync(string kind, string subtype, string title, DateOnly on, decimal? amount = null, string? source = null, int? timesShared = null, byte[]? file = null)
    {
        var response = await TryEntryAsync(kind, subtype, title, on, amount, source, timesShared, file ?? Pdf);
        return await Ok(response, HttpStatusCode.Created);
    }

    public async Task<HttpResponseMessage> TryEntryAsync(string kind, string subtype, string title, DateOnly on, decimal? amount, string? source, int? timesShared, byte[]? file)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(kind), "kind" },
            { new StringContent(subtype), "subtype" },
            { new StringContent(title), "title" },
            { new StringContent(on.ToString("yyyy-MM-dd")), "occurredOn" },
            { new StringContent("证明材料见附件"), "detail" },
        };
        if (amount is { } a)
        {
            form.Add(new StringContent(a.ToString(System.Globalization.CultureInfo.InvariantCulture)), "amount");
        }

        if (source is not null)
        {
            form.Add(new StringContent(source), "source");
        }

        if (timesShared is { } t)
        {
            form.Add(new StringContent(t.ToString(System.Globalization.CultureInfo.InvariantCulture)), "timesShared");
        }

        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(content, "file", "证明.pdf");
        }

        return await (await Board.As(Operator)).PostAsync("/api/outcomes/entries", form);
    }

    private async Task<Guid> PublishAsync(object listing, decimal support)
    {
        var draft = await Ok(await (await Board.As(Company)).PostAsJsonAsync("/api/challenges", listing), HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetGuid();
        _challenges.Add(id);
        await Ok(await (await Board.As(Company)).PostAsJsonAsync($"/api/challenges/{id}/submit", new { version = Version(draft) }));
        if (support > 0)
        {
            await Board.Post(Operator, $"/api/challenges/{id}/support", new { amount = support, note = "市工信局揭榜挂帅专项资金" });
        }

        var current = await Board.Get(Operator, $"/api/challenges/{id}");
        await Ok(await (await Board.As(Operator)).PostAsJsonAsync($"/api/challenges/{id}/publish", new { version = Version(current) }));
        return id;
    }

    private async Task AwardAsync(Guid id)
    {
        var application = await Board.ApplyAsync(Engineer, id);
        await Board.EvaluateAsync(id);
        await Board.Post(Company, $"/api/challenges/{id}/applications/{application}/award", new { });
    }

    private async Task ConsultAsync(Guid company, Guid requestedBy, Guid engineerUser, Guid operatorUser, DateTimeOffset accepted, TimeSpan? length, int? rating)
    {
        var c = Consultation.WithCenter(company, requestedBy, OrganizationId, "焊缝气孔问题", "焊缝出现气孔，如何调整工艺参数？", 0m, accepted.AddHours(-1));
        c.Route(OrganizationId, operatorUser, ConsultingEngineer, engineerUser, accepted.AddMinutes(-30));
        c.Accept(engineerUser, accepted);
        if (length is { } l)
        {
            c.End(engineerUser, accepted + l);
            if (rating is { } r)
            {
                c.Rate(requestedBy, r, "很专业", accepted + l + TimeSpan.FromMinutes(5));
            }
        }

        _consultations.Add(c.Id);
        await app.WithDbAsync(async db =>
        {
            db.Consultations.Add(c);
            return await db.SaveChangesAsync();
        });
    }

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();
}
