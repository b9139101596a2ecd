using Bogus;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Organizations;
using Marketplace.Infrastructure.ReferenceData;

namespace Marketplace.Infrastructure.DemoData;

/// <summary>What a listing's story needs to know about the platform it happens on: people, names and the clock.</summary>
internal sealed class DemoChallengeWorld
{
    public DemoChallengeWorld(DemoModel model, ReferenceSet reference, DemoChallengeContent content, int seed)
    {
        Now = model.Now;
        Content = content;
        Engineers = model.Engineers;
        DemoEngineer = model.Engineers[0];
        ByCluster = reference.Clusters.ToDictionary(
            c => c.Code,
            c => model.Engineers.Where(e => Array.IndexOf(e.ClusterCodes, c.Code) >= 0).ToList(),
            StringComparer.Ordinal);
        ClusterNames = reference.Clusters.ToDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal);
        SkillNames = reference.Skills.ToDictionary(s => s.Code, s => s.Name, StringComparer.Ordinal);
        CityNames = reference.Regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        CenterNames = model.Organizations.Where(o => o.Kind == OrganizationKind.Center)
            .ToDictionary(o => o.ClusterCodes[0], o => o.Name, StringComparer.Ordinal);
        CompanyUserId = UserId(model, "company@demo.cn");
        OperatorUserId = UserId(model, "operator@demo.cn");
        ExpertUserId = UserId(model, "expert@demo.cn");

        // Verifiers' surnames come from the same Bogus locale as the engineers' names.
        var faker = new Faker("zh_CN") { Random = new Randomizer(seed) };
        Surnames = Enumerable.Range(0, 60).Select(_ => faker.Name.LastName()).Distinct(StringComparer.Ordinal).ToList();
    }

    public DateTimeOffset Now { get; }

    public DemoChallengeContent Content { get; }

    public IReadOnlyList<DemoEngineer> Engineers { get; }

    /// <summary>engineer@demo.cn's profile.</summary>
    public DemoEngineer DemoEngineer { get; }

    public IReadOnlyDictionary<string, List<DemoEngineer>> ByCluster { get; }

    public IReadOnlyDictionary<string, string> ClusterNames { get; }

    public IReadOnlyDictionary<string, string> SkillNames { get; }

    public IReadOnlyDictionary<string, string> CityNames { get; }

    public IReadOnlyDictionary<string, string> CenterNames { get; }

    public Guid CompanyUserId { get; }

    public Guid OperatorUserId { get; }

    public Guid ExpertUserId { get; }

    public IReadOnlyList<string> Surnames { get; }

    private static Guid UserId(DemoModel model, string email) => model.Users.First(u => u.Email == email).Id;
}

/// <summary>engineer@demo.cn's part in a listing, so that the demo account has something to look at in every role.</summary>
internal enum DemoEngineerPart
{
    None,

    /// <summary>A submitted application of their own.</summary>
    Applicant,

    /// <summary>Leads the awarded team, with a teammate.</summary>
    Lead,

    /// <summary>Invited to an invite-only listing, not (yet) applied.</summary>
    Invited,

    /// <summary>Wins the listing alone.</summary>
    Winner,
}

/// <summary>How one demo listing's story goes: where it ends and what happens on the way.</summary>
internal sealed record ListingPlan
{
    public required int Seed { get; init; }

    public required ChallengeStatus Target { get; init; }

    public required ListingOwner Owner { get; init; }

    public required DemoProblem Problem { get; init; }

    public required string Product { get; init; }

    public int RaceSlots { get; init; } = 1;

    /// <summary>Null: the story draws one.</summary>
    public Confidentiality? Confidentiality { get; init; }

    public bool Support { get; init; }

    public bool Panel { get; init; }

    /// <summary>Under evaluation, the expert has scored only the first application.</summary>
    public bool ExpertLeavesUnscored { get; init; }

    public bool Redelivery { get; init; }

    public bool Abandonment { get; init; }

    /// <summary>In 赛马 mode the company has already kept one taker (always, past the work stage).</summary>
    public bool DownSelected { get; init; } = true;

    public bool SendBackOnce { get; init; }

    /// <summary>In progress, the last thing that happened is a milestone delivered and waiting for acceptance.</summary>
    public bool PendingMilestone { get; init; }

    public bool RequestedChanges { get; init; }

    public bool WithdrawAfterPublish { get; init; }

    public bool CancelAfterRelease { get; init; }

    public bool DraftTeamApplication { get; init; }

    public bool WithdrawnApplication { get; init; }

    public int MinApplications { get; init; }

    public int Questions { get; init; }

    public DemoEngineerPart DemoEngineer { get; init; }

    /// <summary>Days between the story's last step and now (two-pass stories); NaN for the maximum spread the year allows.</summary>
    public double SlackMinDays { get; init; }

    public double SlackMaxDays { get; init; }

    /// <summary>Early-stage stories are anchored to now: they began this many days ago…</summary>
    public double AgeDays { get; init; }

    /// <summary>…and their deadline is this many days ahead.</summary>
    public double DeadlineInDays { get; init; }

    /// <summary>A matching-history listing: who is shown, who applies and how it ends come from the simulation.</summary>
    public DemoMatchingHistory? History { get; init; }

    public bool IsAnchored => Target is ChallengeStatus.Draft or ChallengeStatus.Submitted or ChallengeStatus.Published;
}

/// <summary>
/// Decides how many listings there are and how each one's story goes: first the listings the demo accounts and the
/// checks rely on (every state, the demo company's pipeline, the demo engineer's roles, the operator's queue), then a
/// weighted mix that makes the board look like a real year.
/// </summary>
internal static class DemoChallengePlanner
{
    /// <summary>Teams and rival applications need a pool; below this the demo platform gets no listings.</summary>
    public const int MinEngineers = 30;

    private static readonly (ChallengeStatus Status, int Weight)[] Mix =
    [
        (ChallengeStatus.Draft, 4), (ChallengeStatus.Submitted, 4), (ChallengeStatus.Published, 22), (ChallengeStatus.ApplicationsClosed, 3),
        (ChallengeStatus.UnderEvaluation, 6), (ChallengeStatus.Awarded, 5), (ChallengeStatus.InProgress, 14), (ChallengeStatus.Delivered, 4),
        (ChallengeStatus.VerificationFailed, 2), (ChallengeStatus.MarketEvaluation, 4), (ChallengeStatus.Settled, 18),
        (ChallengeStatus.Withdrawn, 4), (ChallengeStatus.Expired, 6), (ChallengeStatus.Cancelled, 4),
    ];

    public static int ListingCount(int engineers) => engineers < MinEngineers ? 0 : Math.Max(40, Math.Min(250, engineers / 4));

    public static List<ListingPlan> Plan(DemoChallengeWorld world, IReadOnlyList<ListingOwner> owners, int engineers, int seed)
    {
        var total = ListingCount(engineers);
        var plans = new List<ListingPlan>(total);
        if (total == 0)
        {
            return plans;
        }

        var rng = new Random(unchecked((seed * 31) + 0x51A7));
        var problems = new ProblemQueues(world.Content.Problems, rng);
        var demo = owners[0];
        var others = owners.Skip(1).ToList();
        const string DemoCluster = "construction-machinery";

        ListingOwner Other() => others[rng.Next(others.Count)];
        ListingPlan Make(ChallengeStatus target, ListingOwner owner, string? cluster = null)
        {
            cluster ??= owner.Company.ClusterCodes[rng.Next(owner.Company.ClusterCodes.Count)];
            var (problem, product) = problems.Next(cluster);
            return WithTiming(new ListingPlan { Seed = rng.Next(), Target = target, Owner = owner, Problem = problem, Product = product }, rng);
        }

        // The demo company's pipeline: one listing in every state a company sees.
        plans.Add(Make(ChallengeStatus.Draft, demo));
        plans.Add(Make(ChallengeStatus.Submitted, demo) with { Support = true });
        plans.Add(Make(ChallengeStatus.Published, demo, DemoCluster) with
        {
            DemoEngineer = DemoEngineerPart.Applicant, MinApplications = 4, Questions = 2, WithdrawnApplication = true,
            DraftTeamApplication = true, Confidentiality = Confidentiality.Public,
        });
        plans.Add(Make(ChallengeStatus.Published, demo) with { Confidentiality = Confidentiality.Nda, MinApplications = 2, Questions = 1, Support = true });
        plans.Add(Make(ChallengeStatus.ApplicationsClosed, demo) with { MinApplications = 3, Questions = 1 });
        plans.Add(Make(ChallengeStatus.UnderEvaluation, demo) with { Panel = true, ExpertLeavesUnscored = true, MinApplications = 3 });
        plans.Add(Make(ChallengeStatus.Awarded, demo) with { RaceSlots = 2, MinApplications = 3, Panel = true, Support = true });
        plans.Add(Make(ChallengeStatus.InProgress, demo, DemoCluster) with
        {
            DemoEngineer = DemoEngineerPart.Lead, PendingMilestone = true, MinApplications = 3, SlackMinDays = 0.2, SlackMaxDays = 2,
        });
        plans.Add(Make(ChallengeStatus.Delivered, demo) with { MinApplications = 2 });
        plans.Add(Make(ChallengeStatus.MarketEvaluation, demo) with { Redelivery = true, MinApplications = 2 });
        plans.Add(Make(ChallengeStatus.Settled, demo, DemoCluster) with
        {
            DemoEngineer = DemoEngineerPart.Winner, MinApplications = 3, Panel = true, SlackMinDays = 100, SlackMaxDays = 140,
        });

        // The operator's review queue, from several companies.
        var queue = others.OrderBy(_ => rng.Next()).Take(2).ToList();
        plans.AddRange(queue.Select(owner => Make(ChallengeStatus.Submitted, owner)));
        plans.Add(Make(ChallengeStatus.Draft, Other()) with { RequestedChanges = true, AgeDays = 8.5 });

        // The demo engineer's invitation: an invite-only listing of a company in their cluster that does not employ them.
        var inviter = others.FirstOrDefault(o => o.Company.Id != world.DemoEngineer.EmployerOrganizationId && o.Company.ClusterCodes.Contains(DemoCluster))
            ?? others.First(o => o.Company.Id != world.DemoEngineer.EmployerOrganizationId);
        plans.Add(Make(ChallengeStatus.Published, inviter, inviter.Company.ClusterCodes.Contains(DemoCluster) ? DemoCluster : null) with
        {
            DemoEngineer = DemoEngineerPart.Invited, Confidentiality = Confidentiality.InviteOnly, MinApplications = 1,
        });

        // Every other state and story shape at least once.
        plans.Add(Make(ChallengeStatus.Published, Other()) with { Confidentiality = Confidentiality.Nda, Support = true, MinApplications = 2, Questions = 2 });
        plans.Add(Make(ChallengeStatus.UnderEvaluation, Other()) with { Panel = true, MinApplications = 3 });
        plans.Add(Make(ChallengeStatus.Settled, Other()) with { RaceSlots = 3, MinApplications = 4, Support = true, Panel = true });
        plans.Add(Make(ChallengeStatus.InProgress, Other()) with { RaceSlots = 2, MinApplications = 3 });
        plans.Add(Make(ChallengeStatus.Settled, Other()) with { Abandonment = true, MinApplications = 3, SlackMinDays = 20 });
        plans.Add(Make(ChallengeStatus.InProgress, Other()) with { Abandonment = true, MinApplications = 3 });
        plans.Add(Make(ChallengeStatus.Settled, Other()) with { Redelivery = true, SendBackOnce = true, Support = true });
        plans.Add(Make(ChallengeStatus.VerificationFailed, Other()) with { Confidentiality = Confidentiality.Nda });
        plans.Add(Make(ChallengeStatus.Withdrawn, Other()) with { WithdrawAfterPublish = true, MinApplications = 2 });
        plans.Add(Make(ChallengeStatus.Expired, Other()));
        plans.Add(Make(ChallengeStatus.Cancelled, Other()) with { CancelAfterRelease = true, Support = true });
        plans.Add(Make(ChallengeStatus.Cancelled, Other()) with { Confidentiality = Confidentiality.InviteOnly });

        while (plans.Count < total)
        {
            var target = Pick(rng);
            var owner = rng.NextDouble() < 0.06 ? demo : Other();
            var awarded = target is ChallengeStatus.Awarded or ChallengeStatus.InProgress or ChallengeStatus.Delivered or ChallengeStatus.VerificationFailed
                or ChallengeStatus.MarketEvaluation or ChallengeStatus.Settled or ChallengeStatus.Cancelled;
            var race = awarded && rng.NextDouble() < 0.12 ? rng.Next(2, 4) : 1;
            plans.Add(Make(target, owner) with
            {
                RaceSlots = race,
                DownSelected = target != ChallengeStatus.InProgress || rng.NextDouble() < 0.5,
                Support = target != ChallengeStatus.Draft && target != ChallengeStatus.Submitted && rng.NextDouble() < 0.25,
                Panel = rng.NextDouble() < 0.35,
                Redelivery = target is (ChallengeStatus.Settled or ChallengeStatus.MarketEvaluation) && rng.NextDouble() < 0.1,
                Abandonment = race == 1 && target is (ChallengeStatus.InProgress or ChallengeStatus.Settled) && rng.NextDouble() < 0.06,
                SendBackOnce = rng.NextDouble() < 0.15,
                WithdrawAfterPublish = rng.NextDouble() < 0.6,
                CancelAfterRelease = rng.NextDouble() < 0.5,
                DraftTeamApplication = target == ChallengeStatus.Published && rng.NextDouble() < 0.15,
                WithdrawnApplication = rng.NextDouble() < 0.2,
                Questions = rng.Next(0, 3),
            });
        }

        return plans;
    }

    /// <summary>
    /// The matching-history listings (<see cref="DemoMatchingHistory.ListingCount"/>): settled public listings of the
    /// other companies over the past year, whose showing, applicants and outcomes the simulation decides.
    /// </summary>
    public static List<ListingPlan> HistoryPlans(DemoChallengeWorld world, IReadOnlyList<ListingOwner> owners, DemoMatchingHistory history, int engineers, int seed)
    {
        var total = DemoMatchingHistory.ListingCount(engineers);
        var rng = new Random(unchecked((seed * 37) + 0x4157));
        var problems = new ProblemQueues(world.Content.Problems, rng);
        var others = owners.Skip(1).ToList();
        var plans = new List<ListingPlan>(total);
        for (var i = 0; i < total && others.Count > 0; i++)
        {
            var owner = others[rng.Next(others.Count)];
            var cluster = owner.Company.ClusterCodes[rng.Next(owner.Company.ClusterCodes.Count)];
            var (problem, product) = problems.Next(cluster);
            plans.Add(WithTiming(
                new ListingPlan
                {
                    Seed = rng.Next(), Target = ChallengeStatus.Settled, Owner = owner, Problem = problem, Product = product,
                    Confidentiality = Confidentiality.Public, History = history, Questions = rng.Next(0, 2),
                },
                rng));
        }

        return plans;
    }

    private static ListingPlan WithTiming(ListingPlan plan, Random rng)
    {
        double Between(double min, double max) => min + (rng.NextDouble() * (max - min));
        return plan.Target switch
        {
            ChallengeStatus.Draft => plan with { AgeDays = Between(0.5, 10), DeadlineInDays = Between(20, 50) },
            ChallengeStatus.Submitted => plan with { AgeDays = Between(1.5, 8), DeadlineInDays = Between(20, 50) },
            // Submission, review and support take up to 8¼ days before the listing takes applications.
            ChallengeStatus.Published => plan with { AgeDays = Between(10, 30), DeadlineInDays = Between(4, 35) },
            ChallengeStatus.ApplicationsClosed => plan with { SlackMinDays = 0.3, SlackMaxDays = 3 },
            ChallengeStatus.UnderEvaluation => plan with { SlackMinDays = 0.5, SlackMaxDays = 6 },
            ChallengeStatus.Awarded => plan with { SlackMinDays = 0.5, SlackMaxDays = 5 },
            ChallengeStatus.InProgress => plan with { SlackMinDays = 0.5, SlackMaxDays = 8 },
            ChallengeStatus.Delivered => plan with { SlackMinDays = 0.5, SlackMaxDays = 6 },
            ChallengeStatus.VerificationFailed => plan with { SlackMinDays = 1, SlackMaxDays = 8 },
            ChallengeStatus.MarketEvaluation => plan with { SlackMinDays = 1, SlackMaxDays = 10 },
            _ => plan with { SlackMinDays = 2, SlackMaxDays = double.NaN },
        };
    }

    private static ChallengeStatus Pick(Random rng)
    {
        var roll = rng.Next(Mix.Sum(m => m.Weight));
        foreach (var (status, weight) in Mix)
        {
            if (roll < weight)
            {
                return status;
            }

            roll -= weight;
        }

        return ChallengeStatus.Published;
    }

    /// <summary>Hands out each cluster's (problem, product) pairs in a shuffled order, starting over when all are used.</summary>
    private sealed class ProblemQueues(IReadOnlyList<DemoProblem> problems, Random rng)
    {
        private readonly Dictionary<string, Queue<(DemoProblem, string)>> _queues = new(StringComparer.Ordinal);

        public (DemoProblem Problem, string Product) Next(string cluster)
        {
            if (!_queues.TryGetValue(cluster, out var queue) || queue.Count == 0)
            {
                var pairs = problems.Where(p => p.Cluster == cluster).SelectMany(p => p.Products.Select(product => (p, product))).ToArray();
                rng.Shuffle(pairs);
                _queues[cluster] = queue = new Queue<(DemoProblem, string)>(pairs);
            }

            return queue.Dequeue();
        }
    }
}
