using System.Net;
using Marketplace.Domain.Engineers;
using System.Xml.Linq;
using Marketplace.Domain.Training;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests.Training;

/// <summary>The /Training pages: who sees them, the demo records and tallies, and the forms posting through the use cases.</summary>
[Collection(AppCollection.Name)]
public sealed class TrainingPageTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly TrainingDesk _desk = new(fixture.App);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _desk.CleanUpAsync();

    [Fact]
    public void The_pages_name_results_programmes_and_pair_states_exactly_as_the_domain_does()
    {
        var zh = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "Marketplace.Web", "Resources", "SharedResource.zh-CN.resx")).Root!
            .Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        foreach (var result in Enum.GetValues<TrainingResult>())
        {
            Assert.Equal(TrainingVocabulary.Name(result), zh["TrainingResult." + result]);
        }

        foreach (var status in Enum.GetValues<PairingStatus>())
        {
            Assert.Equal(TrainingVocabulary.Name(status), zh["PairingStatus." + status]);
        }

        foreach (var programme in Enum.GetValues<TrainingProgramme>())
        {
            Assert.Equal(TrainingVocabulary.Name(programme), zh["TrainingProgramme." + programme]);
        }
    }

    [Theory]
    [InlineData("operator@demo.cn", HttpStatusCode.OK)]
    [InlineData("company@demo.cn", HttpStatusCode.OK)]
    [InlineData("authority@demo.cn", HttpStatusCode.OK)]
    [InlineData("city@demo.cn", HttpStatusCode.OK)]
    [InlineData("engineer@demo.cn", HttpStatusCode.Redirect)]
    [InlineData("expert@demo.cn", HttpStatusCode.Redirect)]
    public async Task The_training_pages_are_for_owners_and_authorities_and_linked_from_their_navigation(string email, HttpStatusCode expected)
    {
        var page = await PageClient.SignInAsync(fixture.App, email);
        foreach (var url in new[] { "/Training", "/Training/Pairings" })
        {
            Assert.Equal(expected, (await page.Http.GetAsync(url)).StatusCode);
        }

        var home = await page.GetPageAsync("/Dashboard");
        Assert.Equal(expected == HttpStatusCode.OK, home.Contains("data-testid=\"nav-training\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_demo_center_sees_its_events_and_a_tally_that_is_not_empty()
    {
        var page = await PageClient.SignInAsync(fixture.App, "operator@demo.cn");
        var html = await page.GetPageAsync("/Training?year=2025");
        Assert.Contains("data-testid=\"training-event-row\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"training-tally\"", html, StringComparison.Ordinal);
        Assert.Contains("2025 年度培训统计（工程师协同创新中心）", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"tally-person-times\">0<", html, StringComparison.Ordinal);
        Assert.Contains("class=\"bar w-", html, StringComparison.Ordinal);

        var kinds = await page.GetPageAsync("/Training?kind=specialty");
        Assert.Contains("专业特长带培", kinds, StringComparison.Ordinal);

        var pairings = await page.GetPageAsync("/Training/Pairings");
        Assert.Contains("data-testid=\"pairing-row\"", pairings, StringComparison.Ordinal);
        Assert.Contains("进行中", pairings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_province_sees_the_2030_progress_bars_and_their_table()
    {
        var page = await PageClient.SignInAsync(fixture.App, "authority@demo.cn");
        var html = await page.GetPageAsync("/Training");
        Assert.Contains("data-testid=\"training-progress\"", html, StringComparison.Ordinal);
        foreach (var code in new[] { "senior-engineers", "engineers-and-assistants", "knowledge-update" })
        {
            Assert.Contains($"data-testid=\"training-progress-{code}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("/ 300 名", html, StringComparison.Ordinal);
        Assert.Contains("/ 2,000 名", html, StringComparison.Ordinal);
        Assert.Contains("/ 5,000 人次", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"training-progress-table\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"training-new-event\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_records_an_event_with_trainee_rows_then_its_results_through_the_forms()
    {
        var d = _desk;
        var (orgId, email) = await d.NewOwnerAsync("页面");
        var engineerId = await d.NewEngineerAsync("页面工程师", ProfessionalTitle.AssistantEngineer);
        var page = await PageClient.SignInAsync(fixture.App, email);
        var form = await page.GetPageAsync("/Training/Event");
        Assert.Contains("id=\"trainee-row-template\"", form, StringComparison.Ordinal);
        Assert.Contains("/js/training.js", form, StringComparison.Ordinal);

        var end = d.Today.AddDays(-1);
        (string, string)[] Fields(string hours) =>
        [
            ("Form.Programme", "Center"), ("Form.KindCode", "secondment"), ("Form.Title", "页面跟班学习"), ("Form.Hours", hours),
            ("Form.StartDate", end.AddDays(-4).ToString("yyyy-MM-dd")), ("Form.EndDate", end.ToString("yyyy-MM-dd")), ("Form.Place", "车间"),
            ("Form.Trainees[0].Name", "页面学员"), ("Form.Trainees[0].Employer", "页面单位"), ("Form.Trainees[0].Title", "Engineer"), ("Form.Trainees[0].Hours", "40"),
            ("Form.Trainees[1].EngineerId", engineerId.ToString()), ("Form.Trainees[1].Hours", "32"),
            ("Form.Trainees[2].Name", ""), ("Form.Trainees[2].Hours", ""),
        ];

        // Hours under a trainee's come back on the form with the rule, and nothing is written.
        var refused = await page.PostFormAsync("/Training/Event", "/Training/Event?handler=Save", Fields("20"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("参训学时", PageClient.ErrorsOf(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await d.App.WithDbAsync(db => db.TrainingEvents.CountAsync(e => e.OwnerOrganizationId == orgId)));

        var saved = await page.PostAndFollowAsync("/Training/Event", "/Training/Event?handler=Save", Fields("40"));
        Assert.Contains("已保存培训活动“页面跟班学习”", saved, StringComparison.Ordinal);
        Assert.Contains("页面工程师", saved, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"trainee-result\"", saved, StringComparison.Ordinal);

        var stored = await d.App.WithDbAsync(db => db.TrainingEvents.AsNoTracking().Include(e => e.Trainees).SingleAsync(e => e.OwnerOrganizationId == orgId));
        Assert.Equal(2, stored.Trainees.Count);
        Assert.Equal(ProfessionalTitle.AssistantEngineer, stored.Trainees.Single(t => t.EngineerId == engineerId).Title);
        var url = $"/Training/Event?id={stored.Id}";
        var ids = stored.Trainees.OrderBy(t => t.Name).Select(t => t.Id).ToList();
        var withResults = await page.PostAndFollowAsync(url, url + "&handler=Results",
        [
            ("Form.Version", PageClient.VersionOn(saved)),
            ("Results[0].TraineeId", ids[0].ToString()), ("Results[0].Result", "Passed"), ("Results[0].CertificateNumber", "YM-001"),
            ("Results[1].TraineeId", ids[1].ToString()), ("Results[1].Result", "Excellent"),
        ]);
        Assert.Contains("已登记“页面跟班学习”的培训结果", withResults, StringComparison.Ordinal);
        var results = await d.App.WithDbAsync(db => db.TrainingEvents.AsNoTracking().Include(e => e.Trainees).SingleAsync(e => e.Id == stored.Id));
        Assert.All(results.Trainees, t => Assert.True(TrainingVocabulary.Counts(t.Result)));

        var list = await page.GetPageAsync($"/Training?year={end.Year}");
        Assert.Contains("页面跟班学习", list, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"tally-person-times\">2<", list, StringComparison.Ordinal);

        // The province reads the event but gets no forms; another owner is told it is not there.
        var province = await (await PageClient.SignInAsync(fixture.App, "authority@demo.cn")).GetPageAsync(url);
        Assert.Contains("页面跟班学习", province, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"training-event-form\"", province, StringComparison.Ordinal);
        var (_, otherEmail) = await d.NewOwnerAsync("页面旁人");
        var other = await PageClient.SignInAsync(fixture.App, otherEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_pairing_is_started_and_completed_on_the_page_and_one_engineer_on_both_sides_is_refused()
    {
        var d = _desk;
        var (_, email) = await d.NewOwnerAsync("页面结对");
        var mentor = await d.NewEngineerAsync("页面导师", ProfessionalTitle.SeniorEngineer);
        var trainee = await d.NewEngineerAsync("页面徒弟");
        var page = await PageClient.SignInAsync(fixture.App, email);
        (string, string)[] Fields(Guid m, Guid t) =>
        [
            ("Form.Programme", "Center"), ("Form.MentorEngineerId", m.ToString()), ("Form.TraineeEngineerId", t.ToString()),
            ("Form.StartDate", d.Today.AddMonths(-1).ToString("yyyy-MM-dd")), ("Form.PlannedEndDate", d.Today.AddMonths(11).ToString("yyyy-MM-dd")), ("Form.Goals", "掌握液压调试"),
        ];

        var same = await page.PostFormAsync("/Training/Pairings", "/Training/Pairings?handler=Start", Fields(mentor, mentor));
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Contains("不能是同一名工程师", PageClient.ErrorsOf(await same.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var started = await page.PostAndFollowAsync("/Training/Pairings", "/Training/Pairings?handler=Start", Fields(mentor, trainee));
        Assert.Contains("页面徒弟", started, StringComparison.Ordinal);
        var pairing = await d.App.WithDbAsync(db => db.MentorPairings.AsNoTracking().SingleAsync(p => p.MentorEngineerId == mentor));
        var done = await page.PostAndFollowAsync("/Training/Pairings", "/Training/Pairings?handler=Complete",
            [("Step.Id", pairing.Id.ToString()), ("Step.Version", pairing.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Step.Text", "考核合格")]);
        Assert.Contains("页面徒弟 的结对已结业", done, StringComparison.Ordinal);
        Assert.Equal(PairingStatus.Completed, (await d.App.WithDbAsync(db => db.MentorPairings.AsNoTracking().SingleAsync(p => p.Id == pairing.Id))).Status);
    }
}
