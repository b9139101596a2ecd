using Marketplace.Domain.Live;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests;

/// <summary>
/// The demo's 在线问诊 and 一对多撮合, told through the aggregates' own steps: what each demo account finds when it
/// opens the consultation and session pages, and numbers that agree with the stored messages.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DemoLiveDataTests(AppFixture fixture)
{
    [Fact]
    public async Task The_demo_company_has_a_live_an_ended_and_a_waiting_consultation_and_the_center_has_routed_ones()
    {
        var (company, engineer, operatorUser, center) = await Accounts();
        var consultations = await fixture.App.WithDbAsync(db => db.Consultations.AsNoTracking().ToListAsync());

        var mine = consultations.Where(c => c.RequestedByUserId == company).ToList();
        Assert.Contains(mine, c => c.Status == ConsultationStatus.Active && c.EngineerUserId == engineer && c.LastSeq >= 3 && c.CompanyReadSeq < c.LastSeq);
        Assert.Contains(mine, c => c.Status == ConsultationStatus.Ended && c.EngineerUserId == engineer && c.Rating is not null && c.Price > 0 && c.Duration > TimeSpan.Zero);
        Assert.Contains(mine, c => c.Status == ConsultationStatus.Requested && c.CenterOrganizationId == center && c.EngineerId is null);

        // The generator's (all days old), not those the page test routes now.
        var routed = consultations.Where(c => c.CenterOrganizationId == center && c.RoutedByUserId == operatorUser && c.CreatedAt < DateTimeOffset.UtcNow.AddDays(-1)).ToList();
        Assert.True(routed.Count >= 10, $"only {routed.Count} routed consultations on the demo center's record");
        Assert.All(routed, c => Assert.True(c.Status == ConsultationStatus.Ended && c.AcceptedAt > c.RoutedAt && c.EndedAt > c.AcceptedAt));
        Assert.True(routed.Select(c => c.CreatedAt.Year).Distinct().Count() >= 2, "the center's record spans both years");

        // Every counter equals its messages: numbers 1..LastSeq with no gap.
        var messages = await fixture.App.WithDbAsync(db => db.ConsultationMessages.AsNoTracking().Select(m => new { m.ConsultationId, m.Seq, m.SentAt }).ToListAsync());
        foreach (var c in consultations.Where(c => c.LastSeq > 0 && c.CreatedAt < DateTimeOffset.UtcNow.AddMinutes(-5) && routed.Concat(mine).Contains(c)))
        {
            var seqs = messages.Where(m => m.ConsultationId == c.Id).OrderBy(m => m.Seq).ToList();
            Assert.Equal(Enumerable.Range(1, c.LastSeq), seqs.Select(m => m.Seq));
            Assert.All(seqs, m => Assert.True(m.SentAt >= c.AcceptedAt, "no message before acceptance"));
        }
    }

    [Fact]
    public async Task The_demo_company_has_a_closed_session_with_minutes_and_the_demo_engineer_an_open_invitation()
    {
        var (company, engineer, _, center) = await Accounts();
        var (sessions, invitations, events) = await fixture.App.WithDbAsync(async db => (
            await db.MatchingSessions.AsNoTracking().ToListAsync(),
            await db.SessionInvitations.AsNoTracking().ToListAsync(),
            await db.MatchingEvents.AsNoTracking().ToListAsync()));

        var closed = Assert.Single(sessions, s => s.HostUserId == company && s.Status == SessionStatus.Closed && s.Title == "电液比例阀国产化替代评估");
        Assert.False(string.IsNullOrWhiteSpace(closed.Minutes));
        var answered = invitations.Where(i => i.SessionId == closed.Id).ToList();
        Assert.Contains(answered, i => i.Answer == InvitationAnswer.Interested && i.ConsultationId is not null);
        Assert.Contains(answered, i => i.Answer == InvitationAnswer.Declined);
        Assert.Contains(answered, i => i.Answer == InvitationAnswer.Question && i.Note is not null);
        foreach (var i in answered.Where(i => i.Answer != InvitationAnswer.Pending))
        {
            Assert.Contains(i.EngineerName, closed.Minutes);
        }

        var hosted = Assert.Single(events, e => e.HostOrganizationId == center);
        var open = Assert.Single(sessions, s => s.EventId == hosted.Id);
        Assert.True(open.HostedByOperator);
        Assert.Contains(invitations, i => i.SessionId == open.Id && i.EngineerUserId == engineer && i.Answer == InvitationAnswer.Pending);
        Assert.Contains(invitations, i => i.SessionId == open.Id && i.Answer == InvitationAnswer.Interested);
    }

    [Fact]
    public async Task The_operator_routes_the_waiting_demo_request_by_picking_from_the_short_list_on_its_page()
    {
        // A request of its own, so the demo's waiting one stays as the other tests expect it.
        var (company, _, _, center) = await Accounts();
        var waiting = await fixture.App.WithDbAsync(async db =>
        {
            var companyOrg = await db.Users.Where(u => u.Id == company).Select(u => u.OrganizationId!.Value).SingleAsync();
            var request = Consultation.WithCenter(companyOrg, company, center, "空压机能耗偏高", "三台螺杆空压机比功率偏高，想请中心安排工程师诊断。", 0m, DateTimeOffset.UtcNow);
            db.Consultations.Add(request);
            await db.SaveChangesAsync();
            return request.Id;
        });
        var operatorPage = await PageClient.SignInAsync(fixture.App, "operator@demo.cn");
        var html = await operatorPage.GetPageAsync($"/Consultations/{waiting}");
        var picks = System.Text.RegularExpressions.Regex.Matches(html, "name=\"engineerId\" value=\"([0-9a-f-]{36})\"").Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(picks);
        Assert.DoesNotContain("工程师 ID", html);

        // The company sees its request, not the operator's list.
        var companyHtml = await (await PageClient.SignInAsync(fixture.App, "company@demo.cn")).GetPageAsync($"/Consultations/{waiting}");
        Assert.DoesNotContain("route-candidate", companyHtml);

        var posted = await operatorPage.PostFormAsync($"/Consultations/{waiting}", $"/Consultations/{waiting}?handler=Route", [("engineerId", picks[^1].ToString())]);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, posted.StatusCode);
        var routed = await fixture.App.WithDbAsync(db => db.Consultations.AsNoTracking().SingleAsync(c => c.Id == waiting));
        Assert.Equal(picks[^1], routed.EngineerId);
    }

    [Fact]
    public async Task The_operator_starts_a_session_for_a_company_picked_from_a_list_with_its_own_clusters_first()
    {
        var (company, _, _, center) = await Accounts();
        var (companyName, clusters, companyClusters) = await fixture.App.WithDbAsync(async db =>
        {
            var org = await db.Users.Where(u => u.Id == company).Select(u => u.OrganizationId!.Value).SingleAsync();
            var name = await db.Organizations.Where(o => o.Id == org).Select(o => o.Name).SingleAsync();
            var centerClusters = await db.Organizations.Where(o => o.Id == center).Select(o => o.ClusterCodes).SingleAsync();
            var all = await db.Organizations.AsNoTracking().Where(o => o.Kind == Marketplace.Domain.Organizations.OrganizationKind.Company)
                .ToDictionaryAsync(o => o.Id, o => o.ClusterCodes);
            return (name, centerClusters, all);
        });
        var html = await (await PageClient.SignInAsync(fixture.App, "operator@demo.cn")).GetPageAsync("/Sessions");
        var options = System.Text.RegularExpressions.Regex.Matches(html, "<option value=\"([0-9a-f-]{36})\">([^<]+)</option>")
            .Select(m => (Id: Guid.Parse(m.Groups[1].Value), Name: System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(o => companyClusters.ContainsKey(o.Id)).ToList();
        Assert.Equal(companyClusters.Count, options.Count);
        Assert.Contains(options, o => o.Name == companyName);
        // Those sharing a cluster with the operator's center come first.
        var own = options.Select(o => companyClusters[o.Id].Intersect(clusters).Any()).ToList();
        Assert.Equal(own.OrderByDescending(x => x), own);
        Assert.DoesNotContain("企业 ID", html);

        // A company starts sessions for itself: no company list on its form.
        var companyHtml = await (await PageClient.SignInAsync(fixture.App, "company@demo.cn")).GetPageAsync("/Sessions");
        Assert.DoesNotContain("session-owner", companyHtml);
    }

    private Task<(Guid Company, Guid Engineer, Guid Operator, Guid Center)> Accounts() => fixture.App.WithDbAsync(async db =>
    {
        var users = await db.Users.AsNoTracking().Where(u => u.Email == "company@demo.cn" || u.Email == "engineer@demo.cn" || u.Email == "operator@demo.cn")
            .ToDictionaryAsync(u => u.Email!, u => (u.Id, u.OrganizationId));
        return (users["company@demo.cn"].Id, users["engineer@demo.cn"].Id, users["operator@demo.cn"].Id, users["operator@demo.cn"].OrganizationId!.Value);
    });
}
