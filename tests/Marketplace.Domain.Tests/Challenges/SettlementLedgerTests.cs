using Marketplace.Domain.Challenges;

namespace Marketplace.Domain.Tests.Challenges;

/// <summary>The ledger's sums hold over many random listings, teams, milestone plans and endings.</summary>
public sealed class SettlementLedgerTests
{
    [Fact]
    public void Split_always_adds_up_to_the_amount_and_follows_the_shares()
    {
        var random = new Random(20261123);
        for (var i = 0; i < 5000; i++)
        {
            var shares = RandomShares(random);
            var amount = random.Next(1, 100_000_000) / 100m;
            var parts = Money.Split(amount, shares);
            Assert.Equal(amount, parts.Sum());
            for (var k = 0; k < shares.Count; k++)
            {
                // Each part is within one fen of its exact share.
                Assert.True(Math.Abs(parts[k] - (amount * shares[k] / 100m)) < 0.01m, $"{amount} {string.Join(",", shares)}");
            }
        }
    }

    [Fact]
    public void Over_random_scenarios_nothing_is_released_twice_and_committed_equals_released_plus_voided_plus_outstanding()
    {
        var random = new Random(42);
        for (var run = 0; run < 400; run++)
        {
            var bounty = random.Next(1_000, 5_000_000) + (random.Next(0, 100) / 100m);
            var s = ChallengeScenario.InState(ChallengeStatus.UnderEvaluation, ChallengeScenario.Listing(bounty: bounty));
            if (random.Next(2) == 0)
            {
                s.Challenge.SetSupport(s.Operator, random.Next(1, 200_000), "助题", s.Tick());
            }

            var shares = RandomShares(random);
            var team = shares.Select(p => (Guid.NewGuid(), p)).ToList();
            var lead = team[0].Item1;
            var application = ChallengeApplication.Start(Guid.NewGuid(), s.Challenge.Id, lead, "方案", "计划", 1000m, 30, team, s.Tick());
            foreach (var (member, _) in team.Skip(1))
            {
                application.ConfirmMembership(member, s.Tick());
            }

            s.Challenge.Award(s.Owner, application, s.Tick());
            var plans = RandomPlan(random, s.Challenge.TotalAmount, DateOnly.FromDateTime(s.Now.AddDays(60).UtcDateTime));
            s.Challenge.DefineMilestones(s.Owner, plans, s.Tick());
            var taker = new ChallengeActor(Guid.NewGuid(), ChallengeParty.Taker, lead);
            s.Challenge.StartWork(taker, s.Tick());

            var stopAfter = random.Next(0, plans.Count + 1);
            foreach (var milestone in s.Challenge.Milestones.Take(stopAfter))
            {
                s.Challenge.DeliverMilestone(taker, milestone.Id, "成果", s.Tick());
                if (random.Next(3) == 0)
                {
                    s.Challenge.ReviewMilestone(s.Owner, milestone.Id, accept: false, "补充", s.Tick());
                    s.Challenge.DeliverMilestone(taker, milestone.Id, "补充成果", s.Tick());
                }

                s.Challenge.ReviewMilestone(s.Owner, milestone.Id, accept: true, null, s.Tick());
                Assert.ThrowsAny<Exception>(() => s.Challenge.ReviewMilestone(s.Owner, milestone.Id, accept: true, null, s.Tick()));
            }

            if (stopAfter < plans.Count)
            {
                s.Challenge.Cancel(s.Owner, "中止", s.Tick());
            }

            var c = s.Challenge;
            Assert.Equal(c.TotalAmount, c.Committed);
            Assert.Equal(c.Committed, c.Released + c.Voided + c.Outstanding);
            Assert.Equal(0m, c.Outstanding);
            var released = c.Ledger.Where(e => e.Kind == LedgerEntryKind.Released).ToList();
            Assert.Equal(c.Milestones.Take(stopAfter).Sum(m => m.Amount), released.Sum(e => e.Amount));
            foreach (var group in released.GroupBy(e => e.MilestoneId))
            {
                Assert.Equal(c.Milestones.Single(m => m.Id == group.Key).Amount, group.Sum(e => e.Amount));
                Assert.Equal(team.Count, group.Count());
            }

            // Each member's total is their share of what was released, to within a fen per milestone.
            foreach (var (member, percent) in team)
            {
                var got = released.Where(e => e.EngineerId == member).Sum(e => e.Amount);
                Assert.True(Math.Abs(got - (released.Sum(e => e.Amount) * percent / 100m)) <= 0.01m * stopAfter + 0.0001m);
            }
        }
    }

    private static List<int> RandomShares(Random random)
    {
        var count = random.Next(1, 6);
        var cuts = Enumerable.Range(1, 99).OrderBy(_ => random.Next()).Take(count - 1).Order().ToList();
        var shares = new List<int>();
        var previous = 0;
        foreach (var cut in cuts.Append(100))
        {
            shares.Add(cut - previous);
            previous = cut;
        }

        return shares;
    }

    private static List<MilestonePlan> RandomPlan(Random random, decimal total, DateOnly due)
    {
        var count = random.Next(1, 5);
        var plans = new List<MilestonePlan>();
        var left = total;
        for (var i = 0; i < count - 1 && left > 0.05m; i++)
        {
            var amount = Math.Max(0.01m, decimal.Round(left * random.Next(10, 60) / 100m, 2));
            plans.Add(new MilestonePlan($"阶段{i + 1}", due.AddDays(i * 10), amount));
            left -= amount;
        }

        plans.Add(new MilestonePlan("最终成果", due.AddDays(90), left));
        return plans;
    }
}
