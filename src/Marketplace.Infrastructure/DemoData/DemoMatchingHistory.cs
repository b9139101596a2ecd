using Marketplace.Domain.Challenges;
using Marketplace.Domain.Matching;
using Marketplace.Infrastructure.ReferenceData;

namespace Marketplace.Infrastructure.DemoData;

/// <summary>What the simulated platform showed for one history listing and who then applied, best application first.</summary>
internal sealed record SimulatedMatching(IReadOnlyList<Guid> Shown, IReadOnlyList<(DemoEngineer Engineer, int Quality)> Applicants);

/// <summary>
/// The matching history the demo platform "lived through", from which the ranking model learns (issue 5). Every
/// (listing, engineer) pair has a hidden utility: what the profile says (skills, cluster, place, title, availability,
/// price against the bounty — the features the model sees), plus each engineer's latent reliability, which the model
/// never sees directly but which shapes their record (who wins, who delivers, who abandons, how they are rated), plus
/// noise for everything no platform observes. The utility decides who applies, how the applications score, whether
/// the winner abandons or fails the first verification, and the rating — then it is thrown away: it is never stored,
/// and nothing the trainer reads is derived from it except through those outcomes. Deterministic per seed.
/// </summary>
internal sealed class DemoMatchingHistory
{
    /// <summary>Engineers shown per history listing (the simulated 推荐工程师 panel plus the first search pages).</summary>
    public const int ShownPerListing = 40;

    private readonly DemoChallengeWorld _world;
    private readonly IReadOnlyDictionary<string, string> _clusterOfSkill;
    private readonly Dictionary<Guid, double> _reliability = [];
    private readonly DateOnly _today;
    private readonly int _seed;

    public DemoMatchingHistory(DemoChallengeWorld world, ReferenceSet reference, int seed)
    {
        _world = world;
        _seed = seed;
        _clusterOfSkill = reference.Skills.ToDictionary(s => s.Code, s => s.ClusterCode, StringComparer.Ordinal);
        _today = DateOnly.FromDateTime(world.Now.UtcDateTime);
        var rng = new Random(seed ^ 0x0DDBA11);
        foreach (var engineer in world.Engineers)
        {
            _reliability[engineer.Id] = Gaussian(rng);
        }
    }

    /// <summary>How many history listings a demo of this many engineers gets: none for small test worlds, 2,000 at 100k.</summary>
    public static int ListingCount(int engineers) => engineers < 250 ? 0 : Math.Min(2_000, 40 + (engineers / 50));

    public double Reliability(DemoEngineer engineer) => _reliability.GetValueOrDefault(engineer.Id);

    /// <summary>Who was shown for the listing (the cluster's engineers first, some others), and who applied.</summary>
    public SimulatedMatching Simulate(ChallengeListing listing, Guid ownerCompanyId, int listingSeed)
    {
        var rng = new Random(unchecked(listingSeed ^ _seed));
        var pool = _world.ByCluster.GetValueOrDefault(listing.ClusterCode) ?? [];
        var shown = new Dictionary<Guid, DemoEngineer>();
        for (var attempt = 0; shown.Count < ShownPerListing && attempt < ShownPerListing * 6; attempt++)
        {
            var candidate = attempt % 4 != 3 && pool.Count > 0 ? pool[rng.Next(pool.Count)] : _world.Engineers[rng.Next(_world.Engineers.Count)];
            if (candidate.EmployerOrganizationId != ownerCompanyId && candidate.Id != _world.DemoEngineer.Id)
            {
                shown.TryAdd(candidate.Id, candidate);
            }
        }

        var facts = new ChallengeFacts(
            Guid.Empty, ownerCompanyId, listing.ClusterCode, listing.SkillCodes, listing.CityCode, listing.Bounty + 0m,
            listing.ExpectedDurationDays, _today);
        var utilities = shown.Values
            .Select(e => (Engineer: e, Utility: Utility(facts, e) + (0.6 * Gaussian(rng))))
            .ToList();

        // Applying: the likelier the better the pair looks to the engineer (roughly 5 of 40 apply), never fewer than two.
        var applied = utilities.Where(u => rng.NextDouble() < Sigmoid(2.2 * (u.Utility - 1.9))).ToList();
        if (applied.Count < 2)
        {
            applied = [.. applied, .. utilities.Except(applied).OrderByDescending(u => u.Utility).Take(2 - applied.Count)];
        }

        applied = [.. applied.OrderByDescending(u => u.Utility).Take(8)];
        var mean = utilities.Average(u => u.Utility);
        var spread = Math.Max(0.3, Math.Sqrt(utilities.Average(u => (u.Utility - mean) * (u.Utility - mean))));
        var applicants = applied
            .Select(a => (a.Engineer, Quality: Math.Clamp((int)Math.Round(76 + (7 * (a.Utility - mean) / spread) + (3 * Gaussian(rng))), 50, 97)))
            .OrderByDescending(a => a.Quality)
            .ToList();

        // The panel's order is what the shown list would have been had the platform ranked by the profile alone.
        return new SimulatedMatching([.. shown.Keys], applicants);
    }

    /// <summary>Whether the taker stops answering (弃榜): rare, and rarer the more reliable they are.</summary>
    public bool Abandons(DemoEngineer taker, int listingSeed) =>
        new Random(unchecked(listingSeed ^ 0xAB4D)).NextDouble() < 0.18 * Sigmoid(-2.2 * Reliability(taker));

    /// <summary>Whether the first workshop verification fails (the taker then redelivers).</summary>
    public bool FailsFirstVerification(DemoEngineer taker, int listingSeed) =>
        new Random(unchecked(listingSeed ^ 0x7E57)).NextDouble() < 0.35 * Sigmoid(-1.8 * Reliability(taker));

    /// <summary>The company's rating at settlement: reliability and a little luck.</summary>
    public int Rating(DemoEngineer taker, int listingSeed)
    {
        var x = Reliability(taker) + (0.5 * Gaussian(new Random(unchecked(listingSeed ^ 0x5CA1E))));
        return x switch { > 0.7 => 5, > -0.3 => 4, > -1.2 => 3, _ => 2 };
    }

    /// <summary>
    /// The hidden utility: the profile's fit as the model's own features measure it (with no search score and no track
    /// record — those follow from the history), the engineer's latent reliability, and nothing else; the caller adds noise.
    /// Price and availability weigh much more than words do: the reason a ranking by text alone falls short.
    /// </summary>
    private double Utility(ChallengeFacts facts, DemoEngineer e)
    {
        var engineer = new EngineerFacts(
            e.Id, e.EmployerOrganizationId, e.Skills.Select(s => s.Code).ToList(), e.ClusterCodes, e.CityCode, e.Title, e.Tier, e.YearsOfPractice,
            0, 0, 0, 0, 0, 0, e.HoursPerMonth, e.AvailableFrom, e.AvailableUntil, e.HourlyRate, null);
        var f = PairFeatures.Compute(facts, engineer, 0, code => _clusterOfSkill.GetValueOrDefault(code));
        var rate = float.IsNaN(f[PairFeatures.RateFit]) ? 0.8 : f[PairFeatures.RateFit];
        return (1.4 * Nz(f[PairFeatures.SkillExactShare]))
            + (0.25 * Math.Min(2, f[PairFeatures.SkillSameCluster]))
            + (0.5 * f[PairFeatures.ClusterMatch])
            + (0.6 * f[PairFeatures.SameCity])
            + (0.3 * f[PairFeatures.SameProvince])
            + (0.2 * f[PairFeatures.TitleLevel])
            + (0.15 * f[PairFeatures.TierStrength])
            + (1.3 * f[PairFeatures.AvailabilityFit])
            // A bounty that pays the engineer's price draws them; far below it, they do not take the work.
            + (rate >= 1 ? 0.9 : rate >= 0.6 ? 0.9 * (rate - 0.6) / 0.4 : -1.2)
            + (0.9 * Reliability(e));
    }

    private static double Nz(float value) => float.IsNaN(value) ? 0 : value;

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Gaussian(Random rng)
    {
        // Box–Muller: System.Random has no normal draw.
        var u1 = 1 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
