using System.Globalization;
using System.Net;
using static Marketplace.IntegrationTests.Accreditation.AccreditationDesk;

namespace Marketplace.IntegrationTests.Accreditation;

/// <summary>The 公示 period on the app's clock, across the National Day break, and the public page without signing in.</summary>
[Collection(AppCollection.Name)]
public sealed class AccreditationNoticeTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly AccreditationDesk _desk = new(fixture.App);

    public Task InitializeAsync()
    {
        _desk.StartInThePast();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        fixture.App.Clock.Reset();
        await _desk.CleanUpAsync();
    }

    [Fact]
    public async Task A_notice_published_on_the_friday_before_national_day_ends_on_the_fifth_working_day_by_the_calendar()
    {
        // Friday 2025-09-26, 10:00 China time: the last Friday before the 2025 National Day and Mid-Autumn break.
        var friday = new DateTimeOffset(2025, 9, 26, 10, 0, 0, TimeSpan.FromHours(8));
        fixture.App.Clock.Advance(friday - fixture.App.Clock.GetUtcNow());
        var d = _desk;
        Assert.Equal(new DateOnly(2025, 9, 26), d.Today);

        var (expert, email) = await d.NewExpertAsync("国庆公示专家");
        var (roundId, ids) = await d.InExpertReviewAsync("国庆公示", 1, [expert]);
        await d.ScoreAsync(email, ids[0], Sheet(1));
        await d.Board.Post(Province, $"/api/accreditation/rounds/{roundId}/selection", new { applicationIds = ids });

        // Not yet published: nothing to see, signed in or not.
        using var anonymous = fixture.App.CreateClient();
        await (await anonymous.GetAsync($"/api/public/notices/{roundId}")).AssertProblemAsync(HttpStatusCode.NotFound);

        var start = new DateOnly(2025, 9, 26);
        var round = await d.Board.Post(Province, $"/api/accreditation/rounds/{roundId}/notice", new { startDate = start });

        // Fri 26 (1), Sun 28 调休 (2), Mon 29 (3), Tue 30 (4), 1–8 October off, Thu 9 October (5) — and the same by the file.
        var expected = new DateOnly(2025, 10, 9);
        Assert.Equal(expected, HolidayFile.NoticeEnd(start));
        Assert.Equal("2025-10-09", round.GetProperty("noticeEnd").GetString());

        var notice = await ChallengeBoard.Ok(await anonymous.GetAsync($"/api/public/notices/{roundId}"));
        Assert.Equal("2025-09-26", notice.GetProperty("noticeStart").GetString());
        Assert.Equal("2025-10-09", notice.GetProperty("noticeEnd").GetString());
        Assert.Equal(5, notice.GetProperty("workingDays").GetInt32());
        Assert.False(notice.GetProperty("calendarProvisional").GetBoolean());
        var center = Assert.Single(notice.GetProperty("centers").EnumerateArray());
        Assert.Equal(ids[0], center.GetProperty("applicationId").GetGuid());
        Assert.Equal(83.00m, center.GetProperty("total").GetDecimal());

        // During the break the notice still runs; recognition waits for the day after the end.
        fixture.App.Clock.Advance(TimeSpan.FromDays(13));
        d.Board.ForgetClients();
        Assert.Equal(expected, d.Today);
        var early = await (await d.Board.Try(Province, $"/api/accreditation/applications/{ids[0]}/recognize", new { documentNumber = "湘工信人教〔2025〕88号", recognizedOn = expected }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("notice_not_ended", early.GetProperty("code").GetString());

        fixture.App.Clock.Advance(TimeSpan.FromDays(1));
        d.Board.ForgetClients();
        var recognized = await d.Board.Post(Province, $"/api/accreditation/applications/{ids[0]}/recognize", new { documentNumber = "湘工信人教〔2025〕88号", recognizedOn = d.Today });
        Assert.Equal(d.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), recognized.GetProperty("recognizedOn").GetString());
    }
}
