using System.Net;
using System.Text.Json;
using Marketplace.Application.Outcomes;
using Marketplace.Domain.Engineers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests.Outcomes;

/// <summary>
/// The outcome figures over HTTP on a real PostgreSQL: each equals a hand count of the records the scenario made, each
/// drill-down list holds exactly the records its figure counts or sums, and the breakdowns add up to their totals.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OutcomeFigureTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly OutcomeScenario _s = new(fixture.App);

    public Task InitializeAsync() => _s.BuildAsync("成果" + Guid.NewGuid().ToString("N")[..6]);

    public Task DisposeAsync() => _s.CleanUpAsync();

    private async Task<Dictionary<string, JsonElement>> FiguresAsync(string who)
    {
        var dashboard = await _s.Board.Get(who, $"/api/outcomes/centers/{_s.CenterId}?year={_s.Year}");
        return dashboard.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!, f => f);
    }

    [Fact]
    public async Task Every_figure_equals_the_hand_count_of_the_seeded_records_and_last_year_is_counted_apart()
    {
        var figures = await FiguresAsync(_s.Operator);

        foreach (var (key, expected) in OutcomeScenario.Expected)
        {
            Assert.True(expected == figures[key].GetProperty("value").GetDecimal(), $"{key}: expected {expected}, got {figures[key].GetProperty("value").GetDecimal()}");
        }

        foreach (var (key, expected) in OutcomeScenario.ExpectedLastYear)
        {
            Assert.True(expected == figures[key].GetProperty("lastYear").GetDecimal(), $"{key} last year: expected {expected}, got {figures[key].GetProperty("lastYear").GetDecimal()}");
        }

        // The engineers' breakdowns, counted by hand from the profiles of the three engineers who served.
        var profiles = await fixture.App.WithDbAsync(db => db.Engineers.AsNoTracking().Where(e => _s.Engineers.Contains(e.Id))
            .Select(e => new { e.Title, e.Tier, e.EmployerType, e.EmployerOrganizationId, e.ServiceModes }).ToListAsync());
        Assert.Equal(3, profiles.Count);
        Assert.Equal(profiles.Count(p => p.Tier != ExcellenceTier.None), figures["talent.provincial"].GetProperty("value").GetDecimal());
        foreach (var title in Enum.GetValues<ProfessionalTitle>())
        {
            Assert.Equal(profiles.Count(p => p.Title == title), figures[$"talent.title.{title}"].GetProperty("value").GetDecimal());
        }

        foreach (var type in Enum.GetValues<EmployerType>())
        {
            Assert.Equal(profiles.Count(p => p.EmployerType == type), figures[$"talent.employer.{type}"].GetProperty("value").GetDecimal());
        }

        Assert.Equal(profiles.Count(p => p.EmployerOrganizationId != _s.OrganizationId && p.ServiceModes.HasFlag(ServiceModes.PartTime)),
            figures["talent.mode.PartTime"].GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task Each_drill_down_lists_exactly_the_records_its_figure_is_made_of_and_breakdowns_add_up()
    {
        var figures = await FiguresAsync(_s.Operator);
        foreach (var (key, figure) in figures)
        {
            var drill = await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}/records/{key}?year={_s.Year}");
            var records = drill.GetProperty("records").EnumerateArray().ToList();
            var value = figure.GetProperty("value").GetDecimal();
            Assert.Equal(records.Count, figure.GetProperty("records").GetInt32());
            var amounts = records.Select(r => r.GetProperty("amount").ValueKind == JsonValueKind.Number ? r.GetProperty("amount").GetDecimal() : 0m).ToList();
            var fromRecords = figure.GetProperty("unit").GetString() switch
            {
                "元" or "小时" or "学时" => amounts.Sum(),
                "分" => amounts.Count == 0 ? 0m : Math.Round(amounts.Average(), 2),
                _ when key == "platform.equipment.times" => amounts.Sum(),
                _ => records.Count,
            };
            Assert.True(value == fromRecords, $"{key}: figure {value}, its records give {fromRecords}");
            Assert.Equal(records.Count, records.Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("id").GetGuid())).Distinct().Count());
        }

        decimal V(string key) => figures[key].GetProperty("value").GetDecimal();
        var total = V("talent.engineers");
        Assert.Equal(total, Enum.GetValues<ProfessionalTitle>().Sum(t => V($"talent.title.{t}")));
        Assert.Equal(total, Enum.GetValues<EmployerType>().Sum(t => V($"talent.employer.{t}")));
        Assert.Equal(total, Enum.GetValues<Engagement>().Sum(m => V($"talent.mode.{m}")));
        Assert.Equal(V("platform.training.trainees"), OutcomeCalculator.TitleLevels.Sum(l => V($"platform.training.level.{l}")));
        Assert.Equal(V("funds.spent.fiscal") + V("funds.spent.self"),
            figures.Keys.Where(k => k.StartsWith("funds.spent.category.", StringComparison.Ordinal)).Sum(V));

        // The drill-down names the records: the settled listing, the consultations, the led standard.
        var settled = await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}/records/services.challenges.settled?year={_s.Year}");
        Assert.Contains("主轴热变形补偿", settled.GetProperty("records")[0].GetProperty("title").GetString());
        var led = await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}/records/results.standards.led?year={_s.Year}");
        Assert.Contains("国家标准", led.GetProperty("records")[0].GetProperty("title").GetString());
        var evidence = await (await _s.Board.As(_s.Operator)).GetAsync(led.GetProperty("records")[0].GetProperty("link").GetString());
        Assert.Equal(HttpStatusCode.OK, evidence.StatusCode);
        Assert.Equal(OutcomeScenario.Pdf, await evidence.Content.ReadAsByteArrayAsync());

        // The funnel and the breakdowns come from the same records.
        var dashboard = await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}?year={_s.Year}");
        Assert.Equal([3m, 3m, 2m, 1m, 1m], dashboard.GetProperty("funnel").EnumerateArray().Select(p => p.GetProperty("value").GetDecimal()).ToArray());
        Assert.Equal(V("services.challenges.published"), dashboard.GetProperty("byCluster").EnumerateArray().Sum(p => p.GetProperty("value").GetDecimal()));
        Assert.Equal(V("services.challenges.published"), dashboard.GetProperty("byCity").EnumerateArray().Sum(p => p.GetProperty("value").GetDecimal()));
    }

    [Fact]
    public async Task Only_the_center_and_the_authorities_see_its_outcomes_and_entries_are_checked()
    {
        // Another operator, and a company, are told the center does not exist; the province sees it beside the others.
        Assert.Equal(HttpStatusCode.NotFound, (await (await _s.Board.As(ChallengeBoard.Operator)).GetAsync($"/api/outcomes/centers/{_s.CenterId}?year={_s.Year}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await _s.Board.As(ChallengeBoard.Company)).GetAsync($"/api/outcomes/centers/{_s.CenterId}?year={_s.Year}")).StatusCode);
        var province = await FiguresAsync(Accreditation.AccreditationDesk.Province);
        Assert.Equal(3m, province["talent.engineers"].GetProperty("value").GetDecimal());
        var overview = await _s.Board.Get(Accreditation.AccreditationDesk.Province, $"/api/outcomes/overview?year={_s.Year}");
        var row = overview.GetProperty("centers").EnumerateArray().Single(c => c.GetProperty("centerId").GetGuid() == _s.CenterId);
        Assert.Equal(2m, row.GetProperty("figures").GetProperty("services.consultations").GetDecimal());
        // Studios beside them, each counted from its own training records and set against its own form's targets.
        var studios = overview.GetProperty("studios").EnumerateArray().ToList();
        var recognized = await fixture.App.WithDbAsync(db => db.MentoringStudios.AsNoTracking().Where(s => s.RecognizedOn != null)
            .Select(s => new { s.Id, s.ApplicantOrganizationId }).ToListAsync());
        Assert.Equal(recognized.Select(s => s.Id).Order(), studios.Select(s => s.GetProperty("studioId").GetGuid()).Order());
        foreach (var studio in studios)
        {
            var owner = recognized.Single(s => s.Id == studio.GetProperty("studioId").GetGuid()).ApplicantOrganizationId;
            var (first, last) = (new DateOnly(_s.Year, 1, 1), new DateOnly(_s.Year, 12, 31));
            var personTimes = await fixture.App.WithDbAsync(db => db.TrainingEvents.AsNoTracking()
                .Where(e => e.OwnerOrganizationId == owner && e.Programme == Marketplace.Domain.Training.TrainingProgramme.Studio && e.StartDate >= first && e.StartDate <= last)
                .SumAsync(e => e.Trainees.Count));
            Assert.Equal(personTimes, studio.GetProperty("personTimes").GetInt32());
            Assert.True(studio.GetProperty("trained").EnumerateObject().Sum(c => c.Value.GetInt32()) <= personTimes);
        }

        var mine = await _s.Board.Get(_s.Operator, $"/api/outcomes/overview?year={_s.Year}");
        Assert.Empty(mine.GetProperty("studios").EnumerateArray());
        Assert.Equal(_s.CenterId, mine.GetProperty("centers").EnumerateArray().Single().GetProperty("centerId").GetGuid());

        // Entries: evidence required, subtype from the list, money only on funds, never dated in the future; each refusal a ProblemDetails.
        var noFile = await _s.TryEntryAsync("Standard", "national-led", "无证明", new DateOnly(_s.Year, 1, 5), null, null, null, null);
        Assert.Equal("evidence", (await noFile.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().First().Name);
        var badSubtype = await _s.TryEntryAsync("Standard", "secret", "子类错误", new DateOnly(_s.Year, 1, 5), null, null, null, OutcomeScenario.Pdf);
        Assert.Equal("entry_subtype_invalid", (await badSubtype.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        var noSource = await _s.TryEntryAsync("FundSpent", "equipment", "未写来源", new DateOnly(_s.Year, 1, 5), 100m, null, null, OutcomeScenario.Pdf);
        Assert.Equal("entry_source_required", (await noSource.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        var future = await _s.TryEntryAsync("IntellectualProperty", "invention", "未来专利", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)), null, null, null, OutcomeScenario.Pdf);
        Assert.Equal("entry_date_future", (await future.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        var notPdf = await _s.TryEntryAsync("IntellectualProperty", "invention", "不是证明", new DateOnly(_s.Year, 1, 5), null, null, null, "hello"u8.ToArray());
        Assert.Equal("evidence_type", (await notPdf.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        var after = await FiguresAsync(_s.Operator);
        Assert.Equal(1m, after["results.standards.led"].GetProperty("value").GetDecimal());
    }
}
