using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Marketplace.Application.Outcomes;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Outcomes;
using Marketplace.IntegrationTests.Accreditation;
using Marketplace.IntegrationTests.Training;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests.Outcomes;

/// <summary>
/// A recognized studio with two calendar years of records made through the platform's own paths: its recognition moved
/// back one year so that this year is year 2 of its cycle, studio-programme training in both years (and one before the
/// cycle), two 传帮带 pairs, three fund spendings. The expected figures are counted here by hand from what was made.
/// </summary>
internal sealed class StudioOutcomeScenario(MarketplaceAppFactory app)
{
    private readonly StudioDesk _studios = new(app);
    private readonly TrainingDesk _training = new(app);

    public StudioDesk Desk => _studios;

    public Guid StudioId { get; private set; }

    public string Applicant { get; private set; } = "";

    public int Year { get; private set; }

    public StudioForm Form { get; private set; } = StudioForm.Empty;

    public async Task BuildAsync(string tag)
    {
        _studios.StartInThePast();
        var (id, applicant, recognizedOn) = await _studios.RecognizedAsync(tag);
        (StudioId, Applicant, Year) = (id, applicant, recognizedOn.Year);

        // Recognized a year earlier: this calendar year is year 2 of the cycle, last year is year 1.
        var start = new DateOnly(Year - 1, 3, 1);
        var end = start.AddYears(StudioDesk.Programme.BuildCycleYears).AddDays(-1);
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"update mentoring_studios set recognized_on = {start}, cycle_start = {start}, cycle_end = {end} where id = {id}"));
        Form = await app.WithDbAsync(db => db.MentoringStudios.AsNoTracking().Where(s => s.Id == id).Select(s => s.Form).FirstAsync());

        var professor = await _training.NewEngineerAsync($"{tag}正高学员", ProfessionalTitle.ProfessorSeniorEngineer);
        var senior = await _training.NewEngineerAsync($"{tag}副高学员", ProfessionalTitle.SeniorEngineer);
        var engineer = await _training.NewEngineerAsync($"{tag}中级学员", ProfessionalTitle.Engineer);

        // This year: two events; four people (正高 1, 副高 1, 其他 2), five person-times, 16 × 3 + 8 × 2 = 64 hours.
        await _training.RecordAsync(Applicant, TrainingDesk.Event($"{tag}五轴加工生产任务", new DateOnly(Year, 1, 10), new DateOnly(Year, 1, 12), 16m,
            [TrainingDesk.Engineer(professor, 16m, "ProfessorSeniorEngineer"), TrainingDesk.Engineer(senior, 16m, "SeniorEngineer"), TrainingDesk.Named($"{tag}甲", 16m, "Engineer")],
            kind: "production-task", programme: "Studio"));
        await _training.RecordAsync(Applicant, TrainingDesk.Event($"{tag}工艺攻关项目", new DateOnly(Year, 2, 20), new DateOnly(Year, 2, 20), 8m,
            [TrainingDesk.Engineer(professor, 8m, "ProfessorSeniorEngineer"), TrainingDesk.Named($"{tag}乙", 8m, "AssistantEngineer")],
            kind: "production-task", programme: "Studio"));

        // Last year: one event; 副高 1, 其他 1, two person-times, 16 hours.
        await _training.RecordAsync(Applicant, TrainingDesk.Event($"{tag}上年度研修", new DateOnly(Year - 1, 5, 10), new DateOnly(Year - 1, 5, 11), 8m,
            [TrainingDesk.Engineer(senior, 8m, "SeniorEngineer"), TrainingDesk.Engineer(engineer, 8m, "Engineer")],
            kind: "production-task", programme: "Studio"));

        // Before the cycle: counts in no year of it.
        await _training.RecordAsync(Applicant, TrainingDesk.Event($"{tag}建设前培训", new DateOnly(Year - 2, 6, 1), new DateOnly(Year - 2, 6, 1), 8m,
            [TrainingDesk.Named($"{tag}丙", 8m, "Technician")], kind: "production-task", programme: "Studio"));

        // 传帮带: one pair since last September (active in both years), one since this February.
        await PairAsync(new
        {
            programme = "Studio", mentorEngineerId = professor, traineeEngineerId = engineer, startDate = new DateOnly(Year - 1, 9, 1),
            plannedEndDate = new DateOnly(Year, 9, 1), goals = "独立承担一项产线调试任务",
        });
        await PairAsync(new
        {
            programme = "Studio", mentorEngineerId = professor, traineeEngineerId = senior, startDate = new DateOnly(Year, 2, 1),
            plannedEndDate = new DateOnly(Year + 1, 2, 1), goals = "主持一项工艺改进",
        });

        // 启动资金: 20,000 last year; 30,000.50 + 10,000 this year.
        await _studios.Board.Post(Applicant, $"/api/studios/applications/{id}/fund/entries", new { category = "equipment", spentOn = new DateOnly(Year - 1, 6, 1), amount = 20_000m, note = "实训工位" });
        await _studios.Board.Post(Applicant, $"/api/studios/applications/{id}/fund/entries", new { category = "training-exchange", spentOn = new DateOnly(Year, 1, 15), amount = 30_000.50m, note = "研修班" });
        await _studios.Board.Post(Applicant, $"/api/studios/applications/{id}/fund/entries", new { category = "equipment", spentOn = new DateOnly(Year, 2, 1), amount = 10_000m, note = "检测仪" });
    }

    private async Task PairAsync(object body) =>
        await ChallengeBoard.Ok(await (await _training.Board.As(Applicant)).PostAsJsonAsync("/api/training/pairings", body), HttpStatusCode.Created);

    public int Target(int cycleYear, string column) => Form.Cell(StudioFormRules.TargetsTable, $"year{cycleYear}", column);

    /// <summary>This year's figures, counted by hand from <see cref="BuildAsync"/>.</summary>
    public static readonly Dictionary<string, decimal> Expected = new()
    {
        ["studio.trainees.professor-senior"] = 1, ["studio.trainees.senior"] = 1, ["studio.trainees.other"] = 2, ["studio.trainees"] = 4,
        ["studio.events"] = 2, ["studio.persontimes"] = 5, ["studio.hours"] = 64m, ["studio.pairings"] = 2,
        ["studio.fund.spent"] = 40_000.50m, ["studio.fund.spent.category.equipment"] = 10_000m, ["studio.fund.spent.category.training-exchange"] = 30_000.50m,
        ["studio.fund.spent.cycle"] = 60_000.50m,
        ["studio.cycle.trainees.professor-senior"] = 1, ["studio.cycle.trainees.senior"] = 1, ["studio.cycle.trainees.other"] = 3, ["studio.cycle.trainees"] = 5,
    };

    /// <summary>Last year's, by hand.</summary>
    public static readonly Dictionary<string, decimal> ExpectedLastYear = new()
    {
        ["studio.trainees.professor-senior"] = 0, ["studio.trainees.senior"] = 1, ["studio.trainees.other"] = 1, ["studio.trainees"] = 2,
        ["studio.events"] = 1, ["studio.persontimes"] = 2, ["studio.hours"] = 16m, ["studio.pairings"] = 1,
        ["studio.fund.spent"] = 20_000m, ["studio.fund.spent.category.equipment"] = 20_000m, ["studio.cycle.trainees"] = 2,
    };

    public async Task CleanUpAsync()
    {
        app.Clock.Reset();
        await app.WithDbAsync(async db =>
        {
            var owner = await db.MentoringStudios.Where(s => s.Id == StudioId).Select(s => s.ApplicantOrganizationId).FirstOrDefaultAsync();
            await db.MentorPairings.Where(p => p.OwnerOrganizationId == owner).ExecuteDeleteAsync();
            return await db.TrainingEvents.Where(e => e.OwnerOrganizationId == owner).ExecuteDeleteAsync();
        });
        await _training.CleanUpAsync();
        await _studios.CleanUpAsync();
    }
}

/// <summary>
/// A studio's outcomes over HTTP on a real PostgreSQL: every figure equals a hand count, every drill-down is its figure's
/// records, targets come from the form's row for the right cycle year, the authority overview shows the same numbers,
/// the .xlsx and the chart are real files, and only the studio's enterprise and its authorities see any of it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class StudioOutcomeTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly StudioOutcomeScenario _s = new(fixture.App);

    public Task InitializeAsync() => _s.BuildAsync("带培" + Guid.NewGuid().ToString("N")[..6]);

    public Task DisposeAsync() => _s.CleanUpAsync();

    private ChallengeBoard Board => _s.Desk.Board;

    private async Task<(JsonElement Outcomes, Dictionary<string, JsonElement> Figures)> OutcomesAsync(string who, int? year = null)
    {
        var outcomes = await Board.Get(who, $"/api/outcomes/studios/{_s.StudioId}?year={year ?? _s.Year}");
        return (outcomes, outcomes.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!, f => f));
    }

    private static decimal Value(JsonElement figure, string property = "value") => figure.GetProperty(property).GetDecimal();

    [Fact]
    public async Task Every_figure_equals_the_hand_count_and_targets_come_from_the_forms_row_for_the_cycle_year()
    {
        var (outcomes, figures) = await OutcomesAsync(_s.Applicant);
        Assert.Equal(2, outcomes.GetProperty("cycleYear").GetInt32());
        Assert.Equal(1, outcomes.GetProperty("lastCycleYear").GetInt32());
        foreach (var (key, expected) in StudioOutcomeScenario.Expected)
        {
            Assert.True(expected == Value(figures[key]), $"{key}: expected {expected}, got {Value(figures[key])}");
        }

        foreach (var (key, expected) in StudioOutcomeScenario.ExpectedLastYear)
        {
            Assert.True(expected == Value(figures[key], "lastYear"), $"{key} last year: expected {expected}, got {Value(figures[key], "lastYear")}");
        }

        // Targets: this year is the form's year2 row; cycle to date is year1 + year2; the fund against what was granted.
        foreach (var c in StudioTargets.Columns)
        {
            Assert.Equal(_s.Target(2, c), Value(figures[$"studio.trainees.{c}"], "target"));
            Assert.Equal(_s.Target(1, c) + _s.Target(2, c), Value(figures[$"studio.cycle.trainees.{c}"], "target"));
        }

        Assert.Equal(StudioTargets.Columns.Sum(c => _s.Target(2, c)), Value(figures["studio.trainees"], "target"));
        Assert.Equal(StudioTargets.Columns.Sum(c => _s.Target(1, c) + _s.Target(2, c)), Value(figures["studio.cycle.trainees"], "target"));
        Assert.Equal(StudioDesk.Programme.StartupFundYuan, Value(figures["studio.fund.spent"], "target"));
        Assert.Equal(StudioDesk.Programme.StartupFundYuan, outcomes.GetProperty("fundGrantedYuan").GetDecimal());
        Assert.Equal(JsonValueKind.Null, figures["studio.events"].GetProperty("target").ValueKind);

        // Last year as the selected year: year 1's targets; the year before the cycle has none and its training counts nowhere in it.
        var (_, lastYear) = await OutcomesAsync(_s.Applicant, _s.Year - 1);
        Assert.Equal(StudioTargets.Columns.Sum(c => _s.Target(1, c)), Value(lastYear["studio.trainees"], "target"));
        Assert.Equal(2m, Value(lastYear["studio.cycle.trainees"]));
        var (before, beforeFigures) = await OutcomesAsync(_s.Applicant, _s.Year - 2);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("cycleYear").ValueKind);
        Assert.Equal(1m, Value(beforeFigures["studio.trainees"]));
        Assert.Equal(JsonValueKind.Null, beforeFigures["studio.trainees"].GetProperty("target").ValueKind);
        Assert.Equal(0m, Value(beforeFigures["studio.cycle.trainees"]));
    }

    [Fact]
    public async Task Each_drill_down_lists_exactly_the_records_its_figure_is_made_of_and_the_overview_row_agrees()
    {
        var (_, figures) = await OutcomesAsync(_s.Applicant);
        foreach (var (key, figure) in figures)
        {
            var drill = await Board.Get(_s.Applicant, $"/api/outcomes/studios/{_s.StudioId}/records/{key}?year={_s.Year}");
            var records = drill.GetProperty("records").EnumerateArray().ToList();
            Assert.Equal(records.Count, figure.GetProperty("records").GetInt32());
            var fromRecords = figure.GetProperty("unit").GetString() is "元" or "学时"
                ? records.Sum(r => r.GetProperty("amount").ValueKind == JsonValueKind.Number ? r.GetProperty("amount").GetDecimal() : 0m)
                : records.Count;
            Assert.True(Value(figure) == fromRecords, $"{key}: figure {Value(figure)}, its records give {fromRecords}");
            Assert.Equal(records.Count, records.Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("id").GetGuid())).Distinct().Count());
        }

        decimal V(string key) => Value(figures[key]);
        Assert.Equal(V("studio.trainees"), StudioTargets.Columns.Sum(c => V($"studio.trainees.{c}")));
        Assert.Equal(V("studio.cycle.trainees"), StudioTargets.Columns.Sum(c => V($"studio.cycle.trainees.{c}")));
        Assert.Equal(V("studio.fund.spent"), figures.Keys.Where(k => k.StartsWith("studio.fund.spent.category.", StringComparison.Ordinal)).Sum(V));

        var unknown = await (await Board.As(_s.Applicant)).GetAsync($"/api/outcomes/studios/{_s.StudioId}/records/no.such.figure?year={_s.Year}");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        var badYear = await (await Board.As(_s.Applicant)).GetAsync($"/api/outcomes/studios/{_s.StudioId}?year=1999");
        Assert.Equal("year_invalid", (await badYear.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());

        // The province's overview row is the same sheet.
        var overview = await Board.Get(AccreditationDesk.Province, $"/api/outcomes/overview?year={_s.Year}");
        var row = overview.GetProperty("studios").EnumerateArray().Single(s => s.GetProperty("studioId").GetGuid() == _s.StudioId);
        Assert.Equal(2, row.GetProperty("cycleYear").GetInt32());
        foreach (var c in StudioTargets.Columns)
        {
            Assert.Equal(V($"studio.trainees.{c}"), row.GetProperty("trained").GetProperty(c).GetInt32());
            Assert.Equal(Value(figures[$"studio.trainees.{c}"], "target"), row.GetProperty("targets").GetProperty(c).GetInt32());
        }

        Assert.Equal(V("studio.persontimes"), row.GetProperty("personTimes").GetInt32());
        Assert.Equal(V("studio.pairings"), row.GetProperty("pairs").GetInt32());
        Assert.Equal(V("studio.fund.spent"), row.GetProperty("fundSpent").GetDecimal());
    }

    [Fact]
    public async Task The_xlsx_lists_every_figure_and_its_records_with_matching_totals_and_the_chart_is_a_png()
    {
        var (outcomes, figures) = await OutcomesAsync(AccreditationDesk.Province);
        var response = await (await Board.As(AccreditationDesk.Province)).GetAsync($"/api/outcomes/studios/{_s.StudioId}/report.xlsx?year={_s.Year}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReportContentTypes.Xlsx, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Contains("private", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal($"{outcomes.GetProperty("name").GetString()}{_s.Year}年度带培情况.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);

        using var book = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var summary = AnnualReportTests.Sheet(book, "指标汇总");
        var records = AnnualReportTests.Sheet(book, "记录明细");
        Assert.Equal(figures.Count, summary.Count);
        static decimal Number(string text) => text.Length == 0 ? 0m : decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var row in summary)
        {
            var figure = figures[row["指标键"]];
            Assert.Equal(Value(figure), Number(row["本年度"]));
            Assert.Equal(Value(figure, "lastYear"), Number(row["上年度"]));
            Assert.Equal(figure.GetProperty("target").ValueKind == JsonValueKind.Null ? "" : Value(figure, "target").ToString(System.Globalization.CultureInfo.InvariantCulture), row["目标"]);
            var lines = records.Where(r => r["指标键"] == row["指标键"]).ToList();
            Assert.Equal(figure.GetProperty("records").GetInt32(), lines.Count);
            Assert.Equal(lines.Count, int.Parse(row["记录数"], System.Globalization.CultureInfo.InvariantCulture));
            if (figure.GetProperty("unit").GetString() is "元" or "学时")
            {
                Assert.Equal(Value(figure), lines.Sum(r => Number(r["数值"])));
            }
        }

        var chart = await (await Board.As(_s.Applicant)).GetAsync($"/api/outcomes/studios/{_s.StudioId}/charts/targets.png?year={_s.Year}");
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.Equal("image/png", chart.Content.Headers.ContentType?.MediaType);
        var png = await chart.Content.ReadAsByteArrayAsync();
        Assert.True(png.Length > 1000);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        await File.WriteAllBytesAsync(Path.Combine(RepoPaths.Artifacts, "studio-targets.png"), png);
    }

    [Fact]
    public async Task Only_the_studios_enterprise_and_its_authorities_see_it_and_an_unrecognized_studio_has_no_outcomes()
    {
        var url = $"/api/outcomes/studios/{_s.StudioId}?year={_s.Year}";
        Assert.Equal(HttpStatusCode.OK, (await (await Board.As(_s.Applicant)).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await Board.As(AccreditationDesk.Province)).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await Board.As(AccreditationDesk.City)).GetAsync(url)).StatusCode);

        // Another company, a center's operator, the studio's own assigned expert: told it does not exist.
        foreach (var who in new[] { ChallengeBoard.Company, ChallengeBoard.Operator })
        {
            await (await (await Board.As(who)).GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
        }

        var expert = await fixture.App.WithDbAsync(async db =>
        {
            var ids = await db.MentoringStudios.AsNoTracking().Where(s => s.Id == _s.StudioId).Select(s => s.ExpertUserIds).FirstAsync();
            return (await db.Users.Where(u => u.Id == ids[0]).Select(u => u.Email).FirstAsync())!;
        });
        Assert.Equal(HttpStatusCode.OK, (await (await Board.As(expert)).GetAsync($"/api/studios/applications/{_s.StudioId}")).StatusCode);
        await (await (await Board.As(expert)).GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);

        using (var anonymous = fixture.App.CreateClient())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
        }

        // A studio of another city: the 长沙 bureau no longer sees it, the province still does.
        await fixture.App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"update mentoring_studios set region_code = '430200' where id = {_s.StudioId}"));
        Board.ForgetClients();
        await (await (await Board.As(AccreditationDesk.City)).GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await (await Board.As(AccreditationDesk.City)).GetAsync($"/api/outcomes/studios/{_s.StudioId}/report.xlsx?year={_s.Year}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await (await Board.As(AccreditationDesk.Province)).GetAsync(url)).StatusCode);

        // Submitted, not recognized: its viewers are told why there is nothing to show.
        var (submitted, applicant) = await _s.Desk.SubmittedAsync("未认定" + Guid.NewGuid().ToString("N")[..4]);
        var conflict = await (await (await Board.As(applicant)).GetAsync($"/api/outcomes/studios/{submitted}?year={_s.Year}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("studio_not_recognized", conflict.GetProperty("code").GetString());
        await (await (await Board.As(ChallengeBoard.Company)).GetAsync($"/api/outcomes/studios/{submitted}?year={_s.Year}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_pages_the_enterprise_lands_on_its_studios_year_figures_link_to_their_records_and_others_get_404()
    {
        var page = await PageClient.SignInAsync(fixture.App, _s.Applicant);
        var landing = await page.Http.GetAsync($"/Outcomes?year={_s.Year}");
        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        var url = landing.Headers.Location!.OriginalString;
        Assert.Equal($"/Outcomes/Studio?id={_s.StudioId}&year={_s.Year}", url);

        var html = await page.GetPageAsync(url);
        Assert.Contains($"href=\"/Outcomes/StudioRecords?id={_s.StudioId}&amp;key=studio.persontimes&amp;year={_s.Year}\" data-testid=\"studio-figure-studio.persontimes\">5</a>", html, StringComparison.Ordinal);
        Assert.Contains($"/api/outcomes/studios/{_s.StudioId}/charts/targets.png?year={_s.Year}", html, StringComparison.Ordinal);
        Assert.Contains($"/api/outcomes/studios/{_s.StudioId}/report.xlsx?year={_s.Year}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        var records = await page.GetPageAsync($"/Outcomes/StudioRecords?id={_s.StudioId}&key=studio.persontimes&year={_s.Year}");
        Assert.Equal(5, records.Split("data-testid=\"record-row\"").Length - 1);
        var details = await page.GetPageAsync($"/Studios/Details/{_s.StudioId}");
        Assert.Contains($"/Outcomes/Studio?id={_s.StudioId}", details, StringComparison.Ordinal);

        var province = await PageClient.SignInAsync(fixture.App, AccreditationDesk.Province);
        var overview = await province.GetPageAsync($"/Outcomes?year={_s.Year}");
        Assert.Contains($"/Outcomes/Studio?id={_s.StudioId}&amp;year={_s.Year}", overview, StringComparison.Ordinal);

        var company = await PageClient.SignInAsync(fixture.App, ChallengeBoard.Company);
        Assert.Equal(HttpStatusCode.NotFound, (await company.Http.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await company.Http.GetAsync($"/Outcomes/StudioRecords?id={_s.StudioId}&key=studio.persontimes&year={_s.Year}")).StatusCode);
    }
}
