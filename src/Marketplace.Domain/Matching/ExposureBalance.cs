namespace Marketplace.Domain.Matching;

/// <summary>One engineer as a candidate for one challenge, with the model's score.</summary>
public sealed record RankedCandidate(Guid EngineerId, Guid? EmployerOrganizationId, bool IsNew, double Score);

/// <summary>A challenge's candidates, best first by the model.</summary>
public sealed record ChallengeCandidates(Guid ChallengeId, IReadOnlyList<RankedCandidate> Candidates);

/// <param name="TopSize">The list a company looks at (top 20).</param>
/// <param name="MaxTopAppearances">How many open challenges' top lists one engineer may head the pool of at once.</param>
/// <param name="MinNewShare">Share of the top list kept for engineers without platform history, when there are enough of them.</param>
/// <param name="MaxPerEmployer">Engineers of one employer in the top list before others are preferred.</param>
/// <param name="StrongScore">A model score from which a candidate counts as strong (for the coverage measure).</param>
public sealed record ExposureOptions(
    int TopSize = 20,
    int MaxTopAppearances = 3,
    double MinNewShare = 0.1,
    int MaxPerEmployer = 3,
    double StrongScore = 0.5);

/// <summary>How exposure is spread: coverage of needs and concentration of appearances.</summary>
public sealed record ExposureMeasure(double ShareWithFiveStrong, double TopAppearanceGini, int DistinctEngineersInTop);

/// <summary>
/// The re-ranking after the model: the model alone puts the same few strong engineers first on every open challenge
/// (they cannot take them all, and the rest never get seen), gives newcomers without history no chance to earn one,
/// and can fill a list from one big employer. This keeps the model's order within each list but, greedily across the
/// open challenges (scarcest first, so a need with few good candidates keeps them): an engineer already in
/// <see cref="ExposureOptions.MaxTopAppearances"/> top lists yields their place to the next candidate; an employer with
/// <see cref="ExposureOptions.MaxPerEmployer"/> engineers in a list yields too; and the last places go to the best
/// newcomers until <see cref="ExposureOptions.MinNewShare"/> of the list is new. A rule yields only when someone
/// else is there to take the place — a list is never shortened by it.
/// </summary>
public static class ExposureBalance
{
    public static IReadOnlyList<ChallengeCandidates> Rerank(IReadOnlyList<ChallengeCandidates> challenges, ExposureOptions options)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        ArgumentNullException.ThrowIfNull(options);
        var appearances = new Dictionary<Guid, int>();
        var result = new Dictionary<Guid, ChallengeCandidates>();
        var scarcestFirst = challenges
            .OrderBy(c => c.Candidates.Count(x => x.Score >= options.StrongScore))
            .ThenBy(c => c.ChallengeId);
        foreach (var challenge in scarcestFirst)
        {
            var top = Top(challenge.Candidates, appearances, options);
            foreach (var candidate in top)
            {
                appearances[candidate.EngineerId] = appearances.GetValueOrDefault(candidate.EngineerId) + 1;
            }

            var chosen = top.Select(c => c.EngineerId).ToHashSet();
            result[challenge.ChallengeId] = challenge with { Candidates = [.. top, .. challenge.Candidates.Where(c => !chosen.Contains(c.EngineerId))] };
        }

        return challenges.Select(c => result[c.ChallengeId]).ToList();
    }

    public static ExposureMeasure Measure(IReadOnlyList<ChallengeCandidates> challenges, ExposureOptions options)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        ArgumentNullException.ThrowIfNull(options);
        var counts = new Dictionary<Guid, int>();
        foreach (var challenge in challenges)
        {
            foreach (var candidate in challenge.Candidates)
            {
                counts.TryAdd(candidate.EngineerId, 0);
            }

            foreach (var candidate in challenge.Candidates.Take(options.TopSize))
            {
                counts[candidate.EngineerId]++;
            }
        }

        var withFive = challenges.Count(c => c.Candidates.Take(options.TopSize).Count(x => x.Score >= options.StrongScore) >= 5);
        return new ExposureMeasure(
            challenges.Count == 0 ? 0 : withFive / (double)challenges.Count,
            Gini(counts.Values),
            counts.Count(c => c.Value > 0));
    }

    /// <summary>Gini coefficient of non-negative counts: 0 when everyone appears equally often, towards 1 when a few take all.</summary>
    public static double Gini(IEnumerable<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var sorted = counts.Order().ToArray();
        if (sorted.Any(c => c < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(counts), "Counts are 0 or more.");
        }

        long total = 0;
        double weighted = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            total += sorted[i];
            weighted += (i + 1) * (double)sorted[i];
        }

        var n = sorted.Length;
        return n == 0 || total == 0 ? 0 : (2 * weighted) / (n * (double)total) - (n + 1) / (double)n;
    }

    /// <summary>
    /// One challenge's list re-ranked while serving: the same rules as <see cref="Rerank"/>, with the appearances of
    /// the other open challenges' current top lists (the live ledger) in place of the greedy pass over all of them.
    /// Returns the whole list, the balanced top first.
    /// </summary>
    public static IReadOnlyList<RankedCandidate> RerankOne(IReadOnlyList<RankedCandidate> candidates, IReadOnlyDictionary<Guid, int> appearances, ExposureOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(appearances);
        ArgumentNullException.ThrowIfNull(options);
        var top = Top(candidates, appearances, options);
        var chosen = top.Select(c => c.EngineerId).ToHashSet();
        return [.. top, .. candidates.Where(c => !chosen.Contains(c.EngineerId))];
    }

    private static List<RankedCandidate> Top(IReadOnlyList<RankedCandidate> candidates, IReadOnlyDictionary<Guid, int> appearances, ExposureOptions o)
    {
        var size = Math.Min(o.TopSize, candidates.Count);
        var top = new List<RankedCandidate>(size);
        var taken = new HashSet<Guid>();
        var perEmployer = new Dictionary<Guid, int>();

        // Pass 1 takes only candidates no rule holds back; pass 2 fills what is left in model order regardless, so the
        // rules reorder but never shorten the list.
        foreach (var strict in new[] { true, false })
        {
            foreach (var candidate in candidates)
            {
                if (top.Count == size)
                {
                    break;
                }

                if (taken.Contains(candidate.EngineerId))
                {
                    continue;
                }

                var employerFull = candidate.EmployerOrganizationId is { } employer && perEmployer.GetValueOrDefault(employer) >= o.MaxPerEmployer;
                var overExposed = appearances.GetValueOrDefault(candidate.EngineerId) >= o.MaxTopAppearances;
                if (strict && (employerFull || overExposed))
                {
                    continue;
                }

                top.Add(candidate);
                taken.Add(candidate.EngineerId);
                if (candidate.EmployerOrganizationId is { } e)
                {
                    perEmployer[e] = perEmployer.GetValueOrDefault(e) + 1;
                }
            }
        }

        // Newcomers: the best ones not yet in take the last places held by engineers with history.
        var wantedNew = (int)Math.Ceiling(o.MinNewShare * size);
        var newcomers = new Queue<RankedCandidate>(candidates.Where(c => c.IsNew && !taken.Contains(c.EngineerId)));
        for (var i = top.Count - 1; i >= 0 && top.Count(c => c.IsNew) < wantedNew && newcomers.Count > 0; i--)
        {
            if (!top[i].IsNew)
            {
                top[i] = newcomers.Dequeue();
            }
        }

        // Within the list the model's order stands.
        var order = candidates.Select((c, i) => (c.EngineerId, i)).ToDictionary(x => x.EngineerId, x => x.i);
        return [.. top.OrderBy(c => order[c.EngineerId])];
    }
}
