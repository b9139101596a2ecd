using Marketplace.Domain.Challenges;
using Marketplace.Domain.Engineers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests;

/// <summary>
/// The demo listings the generator tells through the domain methods (60 engineers, the fixture's seed): every state,
/// what the demo accounts rely on, money that adds up and counters that match the records.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DemoChallengeDataTests(AppFixture fixture)
{
    [Fact]
    public async Task Every_challenge_status_occurs()
    {
        var board = await Board();
        Assert.All(Enum.GetValues<ChallengeStatus>(), status => Assert.Contains(board.Listings, c => c.Status == status));
        Assert.True(board.Listings.Count >= 40, $"only {board.Listings.Count} listings");
        Assert.True(board.Applications.Count >= 80, $"only {board.Applications.Count} applications");
    }

    [Fact]
    public async Task The_demo_company_has_a_listing_in_every_state_of_its_pipeline()
    {
        var board = await Board();
        var own = board.Listings.Where(c => c.OwnerOrganizationId == board.DemoCompanyId).ToList();
        ChallengeStatus[] pipeline =
        [
            ChallengeStatus.Draft, ChallengeStatus.Submitted, ChallengeStatus.Published, ChallengeStatus.ApplicationsClosed,
            ChallengeStatus.UnderEvaluation, ChallengeStatus.Awarded, ChallengeStatus.InProgress, ChallengeStatus.Delivered,
            ChallengeStatus.MarketEvaluation, ChallengeStatus.Settled,
        ];
        Assert.All(pipeline, status => Assert.Contains(own, c => c.Status == status));
        Assert.Contains(own, c => c.Status == ChallengeStatus.InProgress && c.Milestones.Any(m => m.Status == MilestoneStatus.Delivered));

        // The expert sits on the panel of one of them under evaluation and still has applications to score.
        Assert.Contains(own, c => c.Status == ChallengeStatus.UnderEvaluation
            && c.PanelUserIds.Contains(board.ExpertUserId)
            && board.ApplicationsOf(c).Any(a => a.Status == ApplicationStatus.Submitted && a.Scores.All(s => s.ScorerUserId != board.ExpertUserId))
            && board.ApplicationsOf(c).Any(a => a.Scores.Any(s => s.ScorerUserId == board.ExpertUserId)));
    }

    [Fact]
    public async Task The_demo_engineer_has_applied_leads_a_team_is_invited_and_has_won()
    {
        var board = await Board();
        var me = board.DemoEngineerId;
        var mine = board.Applications.Where(a => a.Members.Any(m => m.EngineerId == me)).ToList();

        Assert.Contains(mine, a => a.Status == ApplicationStatus.Submitted && board.ListingOf(a).Status == ChallengeStatus.Published);
        Assert.Contains(mine, a => a.Status == ApplicationStatus.Awarded && a.LeadEngineerId == me && a.Members.Count >= 2
            && board.ListingOf(a).Status == ChallengeStatus.InProgress && board.ListingOf(a).ActiveAwards.Any(w => w.ApplicationId == a.Id));
        Assert.Contains(board.Listings, c => c.Status == ChallengeStatus.Published && c.Confidentiality == Confidentiality.InviteOnly
            && c.InvitedEngineerIds.Contains(me) && c.IsVisibleTo(ChallengeParty.Engineer, me));
        Assert.Contains(mine, a => a.Status == ApplicationStatus.Awarded && board.ListingOf(a).Status == ChallengeStatus.Settled);
    }

    [Fact]
    public async Task The_operator_review_queue_has_listings_from_several_companies()
    {
        var board = await Board();
        var queue = board.Listings.Where(c => c.Status == ChallengeStatus.Submitted).ToList();
        Assert.True(queue.Count >= 3, $"{queue.Count} listings to review");
        Assert.True(queue.Select(c => c.OwnerOrganizationId).Distinct().Count() >= 3, "the queue comes from at least three companies");
    }

    [Fact]
    public async Task Every_ledger_adds_up()
    {
        var board = await Board(demoOnly: false);
        Assert.All(board.Listings, c =>
        {
            decimal Sum(LedgerEntryKind kind) => c.Ledger.Where(e => e.Kind == kind).Sum(e => e.Amount);
            var (committed, released, voided) = (Sum(LedgerEntryKind.Committed), Sum(LedgerEntryKind.Released), Sum(LedgerEntryKind.Voided));
            Assert.Equal(committed - released - voided, c.Outstanding);
            Assert.True(c.Outstanding >= 0, $"「{c.Title}」 owes {c.Outstanding}");
            Assert.True(committed == 0 || committed == c.Bounty + c.SupportAmount, $"「{c.Title}」 committed {committed}");
            Assert.Equal(c.Awards.Count > 0 ? c.Bounty + c.SupportAmount : 0, committed);
            foreach (var milestone in c.Milestones.Where(m => m.Status == MilestoneStatus.Accepted))
            {
                Assert.Equal(milestone.Amount, c.Ledger.Where(e => e.MilestoneId == milestone.Id).Sum(e => e.Amount));
            }

            if (c.Status == ChallengeStatus.Settled)
            {
                Assert.Equal(0, c.Outstanding);
                Assert.Equal(c.Bounty + c.SupportAmount, released);
            }

            if (c.Status == ChallengeStatus.Cancelled)
            {
                Assert.Equal(0, c.Outstanding);
                Assert.Equal(committed - released, voided);
            }
        });

        // Cancellations after an award void what was left.
        Assert.Contains(board.Listings, c => c.Status == ChallengeStatus.Cancelled && c.Voided > 0 && c.Released > 0);
    }

    [Fact]
    public async Task Teams_share_100_percent_and_applicants_are_real_engineers_from_outside_the_owning_company()
    {
        var board = await Board();
        Assert.All(board.Applications, a =>
        {
            Assert.Equal(100, a.Members.Sum(m => m.SharePercent));
            Assert.Single(a.Members, m => m.IsLead && m.EngineerId == a.LeadEngineerId);
            Assert.All(a.Members, m =>
            {
                Assert.True(board.Engineers.TryGetValue(m.EngineerId, out var engineer), "a team member is a real engineer");
                Assert.NotEqual(board.ListingOf(a).OwnerOrganizationId, engineer!.EmployerOrganizationId);
            });
        });

        var teams = board.Applications.Where(a => a.Members.Count > 1 && a.Status != ApplicationStatus.Draft).ToList();
        Assert.NotEmpty(teams);
        Assert.All(teams, a => Assert.InRange(a.Members.Count, 2, 4));
        Assert.All(teams, a => Assert.All(a.Members, m => Assert.NotNull(m.ConfirmedAt)));
        Assert.Contains(board.Applications, a => a.Status == ApplicationStatus.Draft && a.Members.Any(m => m.ConfirmedAt is null)
            && board.ListingOf(a).Status == ChallengeStatus.Published);
        Assert.Contains(board.Applications, a => a.Status == ApplicationStatus.Withdrawn);
    }

    [Fact]
    public async Task Engineer_counters_match_the_awards_verifications_and_abandonments()
    {
        var board = await Board();
        var shares = board.Listings.SelectMany(c => c.Awards.SelectMany(w => w.Shares.Select(s => (Award: w, s.EngineerId)))).ToList();
        var verified = board.Listings.Where(c => c.Verifications.Any(v => v.Passed))
            .SelectMany(c => c.ActiveAwards.SelectMany(w => w.Shares.Select(s => s.EngineerId))).ToList();
        Assert.All(board.Engineers.Values, e =>
        {
            Assert.Equal(shares.Count(s => s.EngineerId == e.Id), e.ChallengesWon);
            Assert.Equal(shares.Count(s => s.EngineerId == e.Id && s.Award.Status == AwardStatus.Abandoned), e.Abandonments);
            Assert.Equal(verified.Count(id => id == e.Id), e.VerifiedDeliveries);
        });
        Assert.Contains(board.Engineers.Values, e => e.ChallengesWon > 0);
    }

    [Fact]
    public async Task The_board_tells_every_kind_of_story()
    {
        var board = await Board();
        var listings = board.Listings;

        // 赛马: two or three awarded, one kept at the down-selection.
        Assert.Contains(listings, c => c.RaceSlots is 2 or 3 && c.Awards.Count == c.RaceSlots
            && c.Awards.Count(w => w.Status == AwardStatus.Eliminated) == c.RaceSlots - 1 && c.Audit.Any(e => e.Action == ChallengeAction.DownSelect));

        // A failed workshop verification, a redelivery and a pass.
        Assert.Contains(listings, c => c.RedeliveryUsed && c.Verifications.Count == 2 && !c.Verifications[0].Passed && c.Verifications[1].Passed
            && c.Status is ChallengeStatus.MarketEvaluation or ChallengeStatus.Settled);

        // An abandonment after the abandonment period, then the award goes to another applicant.
        Assert.Contains(listings, c =>
        {
            var abandoned = c.Awards.FirstOrDefault(w => w.Status == AwardStatus.Abandoned);
            var declared = c.Audit.FirstOrDefault(e => e.Action == ChallengeAction.DeclareAbandoned);
            return abandoned is not null && declared is not null
                && (declared.At - abandoned.LastActivityAt).TotalDays >= c.AbandonAfterDays
                && c.Awards.Any(w => w.Status == AwardStatus.Active && w.ApplicationId != abandoned.ApplicationId && w.AwardedAt > declared.At);
        });

        Assert.Contains(listings, c => c.Confidentiality == Confidentiality.Nda && c.NdaAcceptances.Count > 0);
        Assert.Contains(listings, c => c.Confidentiality == Confidentiality.InviteOnly && c.InvitedEngineerIds.Count > 0);
        Assert.Contains(listings, c => c.Questions.Any(q => q.Answer is not null && q.AnsweredAt > q.AskedAt));
        Assert.Contains(listings, c => c.SupportAmount > 0 && !string.IsNullOrWhiteSpace(c.SupportNote));
        Assert.Contains(board.Applications, a => a.Scores.Any(s => s.ScorerUserId == board.ExpertUserId
            && s.Marks.Select(m => m.Code).Order().SequenceEqual(ApplicationScore.Criteria.Select(c => c.Code).Order())));
        Assert.Contains(listings, c => c.Milestones.Any(m => m.Status == MilestoneStatus.Accepted && m.ReviewComment is not null));
        Assert.Contains(board.Applications, a => a.Status == ApplicationStatus.NotSelected);
    }

    [Fact]
    public async Task Listings_are_spread_over_the_last_year_with_deadlines_where_they_belong()
    {
        var board = await Board();
        var now = DateTimeOffset.UtcNow;
        Assert.All(board.Listings.Where(c => c.Status == ChallengeStatus.Published), c => Assert.True(c.ApplicationDeadline > now, $"「{c.Title}」 is open past its deadline"));
        Assert.All(board.Listings.Where(c => c.Status is not (ChallengeStatus.Draft or ChallengeStatus.Submitted or ChallengeStatus.Published or ChallengeStatus.Withdrawn)),
            c => Assert.True(c.ApplicationDeadline < now, $"「{c.Title}」 ({c.Status}) has its deadline ahead"));
        Assert.All(board.Listings, c => Assert.True(c.CreatedAt > now.AddDays(-400) && c.UpdatedAt <= now && c.CreatedAt <= c.UpdatedAt));
        Assert.True(board.Listings.Min(c => c.CreatedAt) < now.AddDays(-200), "the oldest listing is months old");
        Assert.True(board.Listings.Where(c => c.PublishedAt is not null).Select(c => c.PublishedAt!.Value.Month).Distinct().Count() >= 6,
            "publication dates fall in many months");

        // Settled more than three months ago: the 3-month follow-up is recorded.
        var settled = board.Listings.Where(c => c.Status == ChallengeStatus.Settled).ToList();
        Assert.Contains(settled, c => c.SettledAt < now.AddMonths(-3));
        Assert.All(settled, c =>
        {
            Assert.Contains(c.Evaluations, e => e.MonthsAfterSettlement == 0);
            var followedUp = c.Evaluations.Any(e => e.MonthsAfterSettlement == 3);
            if (c.SettledAt!.Value.AddMonths(3).AddDays(10) < now.AddHours(-2))
            {
                Assert.True(followedUp, $"「{c.Title}」 settled {c.SettledAt:yyyy-MM-dd} without its 3-month follow-up");
            }
            else if (c.SettledAt.Value.AddMonths(3) > now)
            {
                Assert.False(followedUp);
            }
        });
    }

    [Fact]
    public async Task Demo_accounts_have_read_and_unread_notifications_about_their_listings()
    {
        var inbox = await fixture.App.WithDbAsync(async db =>
        {
            var users = await db.Users.Where(u => u.Email!.EndsWith("@demo.cn")).ToDictionaryAsync(u => u.Id, u => u.Email!);
            var ids = users.Keys.ToList();
            var notifications = await db.Notifications.AsNoTracking().Where(n => ids.Contains(n.UserId)).ToListAsync();
            return notifications.GroupBy(n => users[n.UserId]).ToDictionary(g => g.Key, g => g.ToList());
        });
        foreach (var email in new[] { "company@demo.cn", "engineer@demo.cn", "operator@demo.cn" })
        {
            Assert.True(inbox.TryGetValue(email, out var mine), $"{email} has notifications");
            Assert.Contains(mine!, n => n.ReadAt is null);
            Assert.Contains(mine!, n => n.ReadAt is not null);
            // Notifications about a listing lead to it, those about a matching session to the session, those about the
            // engineer's credentials to the profile.
            Assert.All(mine!, n => Assert.StartsWith(
                n.ChallengeId is not null ? "/Challenges/Details/" : n.Kind == "session.invited" ? "/Sessions/" : "/Engineers/Me", n.Link, StringComparison.Ordinal));
        }

        Assert.Contains(inbox["company@demo.cn"], n => n.Title == "新的揭榜申请");
        Assert.Contains(inbox["engineer@demo.cn"], n => n.Title == "你已中榜");
        Assert.Contains(inbox["engineer@demo.cn"], n => n.Title == "里程碑已验收");
        Assert.Contains(inbox["engineer@demo.cn"], n => n.Kind == "credential.verified");
        Assert.Contains(inbox["operator@demo.cn"], n => n.Title == "榜单待审核" && n.ReadAt is null);
        Assert.Contains(inbox["expert@demo.cn"], n => n.Title == "评审邀请");
    }

    /// <summary>
    /// The seeded board. Other tests in this collection add listings of their own; <paramref name="demoOnly"/> keeps
    /// to the generator's, recognised by their author being a real account (the persistence tests drive the domain
    /// with made-up user ids, and the API tests' listings never get past publication).
    /// </summary>
    private Task<DemoBoard> Board(bool demoOnly = true) => fixture.App.WithDbAsync(async db =>
    {
        var userIds = (await db.Users.Select(u => u.Id).ToListAsync()).ToHashSet();
        var listings = (await db.Challenges.AsNoTracking().AsSplitQuery().ToListAsync())
            .Where(c => !demoOnly || userIds.Contains(c.CreatedByUserId)).ToList();
        var ids = listings.Select(c => c.Id).ToHashSet();
        var applications = (await db.ChallengeApplications.AsNoTracking().ToListAsync()).Where(a => ids.Contains(a.ChallengeId)).ToList();
        var engineers = await db.Engineers.AsNoTracking().ToDictionaryAsync(e => e.Id);
        var company = await db.Users.Where(u => u.Email == "company@demo.cn").Select(u => u.OrganizationId!.Value).SingleAsync();
        var expert = await db.Users.Where(u => u.Email == "expert@demo.cn").Select(u => u.Id).SingleAsync();
        var engineerUser = await db.Users.Where(u => u.Email == "engineer@demo.cn").Select(u => u.Id).SingleAsync();
        return new DemoBoard(listings, applications, engineers, company, expert, engineers.Values.Single(e => e.UserId == engineerUser).Id);
    });

    private sealed record DemoBoard(
        List<Challenge> Listings,
        List<ChallengeApplication> Applications,
        Dictionary<Guid, EngineerProfile> Engineers,
        Guid DemoCompanyId,
        Guid ExpertUserId,
        Guid DemoEngineerId)
    {
        public Challenge ListingOf(ChallengeApplication application) => Listings.Single(c => c.Id == application.ChallengeId);

        public IEnumerable<ChallengeApplication> ApplicationsOf(Challenge challenge) => Applications.Where(a => a.ChallengeId == challenge.Id);
    }
}
