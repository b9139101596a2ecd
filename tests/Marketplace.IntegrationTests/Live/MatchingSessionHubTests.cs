using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Marketplace.Application.Live;
using Marketplace.Application.Matching;
using Marketplace.Application.Notifications;
using Marketplace.Domain.Live;
using Marketplace.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.IntegrationTests.Live;

/// <summary>一对多撮合: invitations pushed live to the model's top engineers, answers on the company's board, minutes.</summary>
[Collection(LiveCollection.Name)]
public sealed class MatchingSessionHubTests(LiveFixture fixture)
{
    private Uri Address => fixture.App.KestrelAddress!;

    [Fact]
    public async Task A_session_invites_the_top_engineers_on_every_device_collects_answers_live_and_keeps_minutes()
    {
        var company = await fixture.App.AccountAsync("company@demo.cn");
        var need = await QuickNeedAsync(company.UserId);

        // The same need the session will rank: its top three, known before they are invited, so they can be online.
        var top = await PredictTopAsync(need, 3);
        var userIds = await fixture.App.WithDbAsync(db => db.Engineers.Where(e => top.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.UserId));
        var engineers = new List<LiveAccount>();
        foreach (var id in top)
        {
            engineers.Add((await fixture.App.AccountsAsync(u => u.Id == userIds[id])).Single());
        }

        var invites = new ConcurrentQueue<(int Device, SessionInviteDto Invite)>();
        var devices = new List<HubConnection>();
        for (var device = 0; device < engineers.Count + 1; device++)
        {
            // The first engineer is online on two devices; both must get the invitation.
            var hub = engineers[Math.Max(0, device - 1)].Hub(Address);
            var index = device;
            hub.On<SessionInviteDto>("invitation", invite => invites.Enqueue((index, invite)));
            await hub.StartAsync();
            devices.Add(hub);
        }

        await using var board = company.Hub(Address);
        var answers = new ConcurrentQueue<SessionAnswerDto>();
        board.On<SessionAnswerDto>("answer", answers.Enqueue);
        await board.StartAsync();

        var start = await company.Http.PostAsJsonAsync("/api/matching-sessions", new
        {
            title = need.Title, description = need.Description, clusterCode = need.ClusterCode, skillCodes = need.SkillCodes,
            cityCode = need.CityCode, bounty = need.Bounty, durationDays = need.ExpectedDurationDays, top = 3, answerMinutes = 30,
        });
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var session = (await start.Content.ReadFromJsonAsync<SessionDto>(ApiClientExtensions.Json))!;
        Assert.Equal(top, session.Invitations.OrderBy(i => i.Rank).Select(i => i.EngineerId));
        Assert.All(session.Invitations, i => Assert.NotEmpty(i.Reasons));

        await LiveClients.Eventually(() => invites.Select(i => i.Device).Distinct().Count() == devices.Count, "the invitation on every device");
        Assert.All(invites, i => Assert.Equal(session.Id, i.Invite.SessionId));

        var watched = await board.InvokeAsync<SessionDto>("WatchSession", session.Id);
        Assert.Equal(3, watched.Invitations.Count);

        // Each engineer answers from a device; the board sees every answer arrive.
        await devices[0].InvokeAsync<InvitationDto>("AnswerInvitation", session.Id, InvitationAnswer.Interested, "可以下周到现场");
        await devices[2].InvokeAsync<InvitationDto>("AnswerInvitation", session.Id, InvitationAnswer.Question, "是否需要驻场？");
        var noQuestion = await Assert.ThrowsAsync<HubException>(() => devices[3].InvokeAsync<InvitationDto>("AnswerInvitation", session.Id, InvitationAnswer.Question, null));
        Assert.Contains("请写下问题", noQuestion.Message);
        await devices[3].InvokeAsync<InvitationDto>("AnswerInvitation", session.Id, InvitationAnswer.Declined, null);
        await LiveClients.Eventually(() => answers.Select(a => a.EngineerId).Distinct().Count() == 3, "three answers on the board");
        Assert.Equal(InvitationAnswer.Interested, answers.Single(a => a.EngineerId == top[0]).Answer);

        // The engineer sees only their own invitation; an engineer not invited may neither see nor answer.
        var own = await engineers[1].Http.GetFromJsonAsync<SessionDto>($"/api/matching-sessions/{session.Id}", ApiClientExtensions.Json);
        Assert.Single(own!.Invitations);
        var stranger = (await fixture.App.AccountsAsync(u => u.Email!.EndsWith("@engineers.demo.cn") && !userIds.Values.Contains(u.Id)))[0];
        await using (var strangerHub = stranger.Hub(Address))
        {
            await strangerHub.StartAsync();
            await Assert.ThrowsAsync<HubException>(() => strangerHub.InvokeAsync<InvitationDto>("AnswerInvitation", session.Id, InvitationAnswer.Interested, null));
            await Assert.ThrowsAsync<HubException>(() => strangerHub.InvokeAsync<SessionDto>("WatchSession", session.Id));
        }

        await Assert.ThrowsAsync<HubException>(() => devices[1].InvokeAsync<SessionDto>("WatchSession", session.Id));

        // One click: a consultation with the interested engineer.
        var consult = await company.Http.PostAsJsonAsync($"/api/matching-sessions/{session.Id}/invitations/{session.Invitations.Single(i => i.EngineerId == top[0]).Id}/consultation", new { price = 0m });
        Assert.Equal(HttpStatusCode.OK, consult.StatusCode);
        var consultation = (await consult.Content.ReadFromJsonAsync<ConsultationDto>(ApiClientExtensions.Json))!;
        Assert.Equal(top[0], consultation.EngineerId);

        var closed = await company.Http.PostAsJsonAsync($"/api/matching-sessions/{session.Id}/close", new { });
        var final = (await closed.Content.ReadFromJsonAsync<SessionDto>(ApiClientExtensions.Json))!;
        Assert.Equal(SessionStatus.Closed, final.Status);
        Assert.NotNull(final.Minutes);
        Assert.Contains("邀请 3 位工程师：有意向 1 位，提问 1 位，婉拒 1 位，未答复 0 位", final.Minutes);
        Assert.Contains($"1 | {session.Invitations[0].EngineerName} | 有意向", final.Minutes);
        Assert.Contains("已发起在线问诊", final.Minutes);
        Assert.Contains("是否需要驻场？", final.Minutes);
        var stored = await fixture.App.WithDbAsync(db => db.MatchingSessions.Where(s => s.Id == session.Id).Select(s => s.Minutes).SingleAsync());
        Assert.Equal(final.Minutes, stored);

        var late = await Assert.ThrowsAsync<HubException>(() => devices[1].InvokeAsync<InvitationDto>("AnswerInvitation", session.Id, InvitationAnswer.Interested, null));
        Assert.Contains("已经结束", late.Message);

        // Offline engineers find it in the inbox too.
        var inbox = await engineers[1].Http.GetFromJsonAsync<NotificationPage>("/api/notifications", ApiClientExtensions.Json);
        Assert.Contains(inbox!.Page.Items, n => n.Kind == "session.invited" && n.Link == $"/Sessions/{session.Id}");
        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_operator_hosts_a_matching_event_with_needs_of_several_companies_and_a_company_cannot()
    {
        var operatorAccount = await fixture.App.AccountAsync("operator@demo.cn");
        var company = await fixture.App.AccountAsync("company@demo.cn");
        var refused = await company.Http.PostAsJsonAsync("/api/matching-events", new { title = "企业自办对接会" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var created = await operatorAccount.Http.PostAsJsonAsync("/api/matching-events", new { title = "工程机械产业对接会", description = "两项企业需求" });
        var hosted = (await created.Content.ReadFromJsonAsync<EventDto>(ApiClientExtensions.Json))!;
        var companies = await fixture.App.WithDbAsync(db => db.Organizations.Where(o => o.Kind == Marketplace.Domain.Organizations.OrganizationKind.Company)
            .OrderBy(o => o.Name).Select(o => o.Id).Take(2).ToListAsync());
        var need = await QuickNeedAsync(company.UserId);
        foreach (var owner in companies)
        {
            var start = await operatorAccount.Http.PostAsJsonAsync("/api/matching-sessions", new
            {
                title = need.Title, clusterCode = need.ClusterCode, skillCodes = need.SkillCodes, cityCode = need.CityCode,
                bounty = 50000m, durationDays = 30, top = 5, answerMinutes = 60, ownerOrganizationId = owner, eventId = hosted.Id,
            });
            Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        }

        var board = await operatorAccount.Http.GetFromJsonAsync<EventDto>($"/api/matching-events/{hosted.Id}", ApiClientExtensions.Json);
        Assert.Equal(2, board!.Sessions.Count);
        Assert.All(board.Sessions, s => Assert.True(s.Invited > 0));

        var companyInEvent = await company.Http.PostAsJsonAsync("/api/matching-sessions", new
        {
            title = need.Title, clusterCode = need.ClusterCode, cityCode = need.CityCode, bounty = 1000m, durationDays = 10, top = 3, eventId = hosted.Id,
        });
        await ProblemAssertions.AssertProblemAsync(companyInEvent, HttpStatusCode.Forbidden);
        var tooMany = await company.Http.PostAsJsonAsync("/api/matching-sessions", new
        {
            title = need.Title, clusterCode = need.ClusterCode, cityCode = need.CityCode, bounty = 1000m, durationDays = 10, top = 200,
        });
        await ProblemAssertions.AssertProblemAsync(tooMany, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_session_for_a_listing_invites_an_answering_engineer_to_the_listing_with_one_click()
    {
        var company = await fixture.App.AccountAsync("company@demo.cn");
        var org = await fixture.App.WithDbAsync(db => db.Users.Where(u => u.Id == company.UserId).Select(u => u.OrganizationId!.Value).SingleAsync());
        var challengeId = await fixture.App.WithDbAsync(db => db.Challenges
            .Where(c => c.OwnerOrganizationId == org && c.Status == Marketplace.Domain.Challenges.ChallengeStatus.Published)
            .OrderBy(c => c.Title).Select(c => c.Id).FirstAsync());

        var start = await company.Http.PostAsJsonAsync("/api/matching-sessions", new { challengeId, top = 2, answerMinutes = 15 });
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var session = (await start.Content.ReadFromJsonAsync<SessionDto>(ApiClientExtensions.Json))!;
        Assert.Equal(challengeId, session.ChallengeId);
        var first = session.Invitations[0];

        var invited = await company.Http.PostAsJsonAsync($"/api/matching-sessions/{session.Id}/invitations/{first.Id}/challenge-invite", new { });
        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        var listing = await fixture.App.WithDbAsync(db => db.Challenges.AsNoTracking().SingleAsync(c => c.Id == challengeId));
        Assert.Contains(first.EngineerId, listing.InvitedEngineerIds);
        var record = await fixture.App.WithDbAsync(db => db.SessionInvitations.AsNoTracking().SingleAsync(i => i.Id == first.Id));
        Assert.NotNull(record.InvitedToChallengeAt);

        // Another company may neither start a session on this listing nor act on the board.
        var stranger = (await fixture.App.AccountsAsync(u => u.OrganizationId != org && u.Email!.EndsWith("@engineers.demo.cn")))[0];
        var refused = await stranger.Http.PostAsJsonAsync($"/api/matching-sessions/{session.Id}/invitations/{first.Id}/challenge-invite", new { });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_session_past_its_deadline_is_closed_with_its_minutes_and_the_host_is_told()
    {
        var company = await fixture.App.AccountAsync("company@demo.cn");
        var need = await QuickNeedAsync(company.UserId);
        var start = await company.Http.PostAsJsonAsync("/api/matching-sessions", new
        {
            title = "限时撮合", clusterCode = need.ClusterCode, cityCode = need.CityCode, bounty = 1000m, durationDays = 5, top = 2, answerMinutes = 1,
        });
        var session = (await start.Content.ReadFromJsonAsync<SessionDto>(ApiClientExtensions.Json))!;
        fixture.App.Clock.Advance(TimeSpan.FromMinutes(2));
        try
        {
            await using var scope = fixture.App.Services.CreateAsyncScope();
            var closed = await scope.ServiceProvider.GetRequiredService<Mediator.IMediator>().Send(new CloseExpiredSessions());
            Assert.True(closed >= 1);
        }
        finally
        {
            fixture.App.Clock.Reset();
        }

        var final = await company.Http.GetFromJsonAsync<SessionDto>($"/api/matching-sessions/{session.Id}", ApiClientExtensions.Json);
        Assert.Equal(SessionStatus.Closed, final!.Status);
        Assert.Contains("未答复 2 位", final.Minutes);
        var inbox = await company.Http.GetFromJsonAsync<NotificationPage>("/api/notifications", ApiClientExtensions.Json);
        Assert.Contains(inbox!.Page.Items, n => n.Kind == "session.closed" && n.Link == $"/Sessions/{session.Id}");
    }

    private async Task<MatchNeed> QuickNeedAsync(Guid companyUserId)
    {
        return await fixture.App.WithDbAsync(async db =>
        {
            var org = await db.Users.Where(u => u.Id == companyUserId).Select(u => u.OrganizationId!.Value).SingleAsync();
            var cluster = (await db.Engineers.AsNoTracking().Select(e => e.ClusterCodes).ToListAsync())
                .SelectMany(c => c).GroupBy(c => c).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            var skills = await db.Skills.Where(s => s.ClusterCode == cluster).OrderBy(s => s.Code).Select(s => s.Code).Take(2).ToListAsync();
            return new MatchNeed(org, "主泵异响诊断", "回转时主泵周期性异响，需要现场诊断。", cluster, skills, "430200", 80000m, 20);
        });
    }

    private async Task<List<Guid>> PredictTopAsync(MatchNeed need, int top)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var matches = await scope.ServiceProvider.GetRequiredService<IEngineerMatcher>().MatchAsync(need, top);
        Assert.Equal(top, matches.Engineers.Count);
        return matches.Engineers.Select(m => m.EngineerId).ToList();
    }
}
