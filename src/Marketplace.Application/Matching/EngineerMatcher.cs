using Marketplace.Application.Common;
using Marketplace.Application.Engineers.Search;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Matching;
using Microsoft.Extensions.Logging;

namespace Marketplace.Application.Matching;

/// <summary>
/// The two stages of matching (issue 5). Retrieval: the search index, asked for the need's skill and cluster words
/// with any word enough, among engineers available today and meeting the listing's title or tier floor — a few hundred
/// candidates in a few milliseconds, whatever the number of engineers. Ranking: the hard rules
/// (<see cref="CandidateRules"/>) filter, the model scores every survivor's <see cref="PairFeatures"/> in one batch,
/// the exposure balance reorders the top list against the other open challenges' lists, and only the rows shown are
/// explained. Without a model file the hand-weighted heuristic ranks, so a fresh install still matches.
/// </summary>
public sealed partial class EngineerMatcher(
    IMarketplaceDbContext db,
    IEngineerSearch search,
    IMatchRanker ranker,
    MatchingState state,
    IImpressionSink impressions,
    MatchingOptions options,
    ExposureOptions exposure,
    TimeProvider clock,
    ILogger<EngineerMatcher> logger) : IEngineerMatcher
{
    /// <summary>The version reported when no model file is loaded and the heuristic ranked.</summary>
    public const string HeuristicVersion = "heuristic";

    public async Task<MatchList> MatchAsync(MatchNeed need, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(need);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var reference = await state.ReferenceAsync(db, cancellationToken);

        var hits = await search.SearchAsync(RetrievalQuery(need, reference, today, options.Candidates), cancellationToken);
        var retrieved = System.Diagnostics.Stopwatch.GetTimestamp();
        var scoreById = hits.Hits.ToDictionary(h => h.Id, h => h.Score);
        var (held, tracks) = await state.CandidatesAsync(db, scoreById.Keys, cancellationToken);
        var profiles = hits.Hits.Select(h => held.GetValueOrDefault(h.Id)).OfType<CandidateProfile>().ToList();
        var loaded = System.Diagnostics.Stopwatch.GetTimestamp();

        // Availability is judged as if the work started today, in serving and in training alike (decision 53).
        var facts = new ChallengeFacts(
            need.ChallengeId ?? Guid.Empty, need.OwnerOrganizationId, need.ClusterCode, need.SkillCodes, need.CityCode,
            need.Bounty, need.ExpectedDurationDays, today, need.MinTitle, need.RequiresTier);
        var candidates = new List<(CandidateProfile Profile, float[] Features, bool IsNew)>(profiles.Count);
        foreach (var profile in profiles)
        {
            var track = tracks.GetValueOrDefault(profile.Id) ?? TrackRecord.Empty;
            var engineer = profile.Facts(track.AsOf(need.ClusterCode, now));
            if (CandidateRules.Check(facts, engineer, today) != CandidateRefusal.None)
            {
                continue;
            }

            var features = PairFeatures.Compute(facts, engineer, scoreById[profile.Id], code => reference.ClusterOfSkill.GetValueOrDefault(code));
            candidates.Add((profile, features, track.IsNewAsOf(now)));
        }

        var featured = System.Diagnostics.Stopwatch.GetTimestamp();
        var snapshot = ranker.Current;
        var rows = candidates.Select(c => c.Features).ToList();
        var scores = snapshot?.Score(rows) ?? rows.Select(r => (float)HeuristicScore.Of(r)).ToArray();
        var version = snapshot?.Version ?? HeuristicVersion;
        var modelled = System.Diagnostics.Stopwatch.GetTimestamp();

        var byId = candidates.Select((c, i) => (c, i)).ToDictionary(x => x.c.Profile.Id, x => (x.c.Profile, x.c.Features, Score: scores[x.i]));
        var ranked = candidates
            .Select((c, i) => new RankedCandidate(c.Profile.Id, c.Profile.EmployerOrganizationId, c.IsNew, scores[i]))
            .OrderByDescending(c => c.Score).ThenBy(c => c.EngineerId)
            .ToList();
        IReadOnlyList<RankedCandidate> balanced = need.ChallengeId is { } challengeId
            ? ExposureBalance.RerankOne(ranked, state.Appearances(challengeId), exposure)
            : ranked;
        var shown = balanced.Take(top).ToList();
        var scored = System.Diagnostics.Stopwatch.GetTimestamp();

        var shownRows = shown.Select(c => byId[c.EngineerId].Features).ToList();
        var contributions = snapshot?.Contributions(shownRows) ?? shownRows.Select(HeuristicScore.Contributions).ToList();
        var cityName = reference.CityNames.GetValueOrDefault(need.CityCode);
        var clusterName = reference.ClusterNames.GetValueOrDefault(need.ClusterCode);
        var matches = shown.Select((c, i) =>
        {
            var (profile, features, score) = byId[c.EngineerId];
            var tierName = profile.Tier == ExcellenceTier.None ? null : EngineerVocabulary.Name(profile.Tier);
            var titleName = EngineerVocabulary.Name(profile.Title);
            var names = new ReasonNames(need.SkillCodes.Count, clusterName, cityName, titleName, tierName);
            return new EngineerMatch(
                profile.Id, i + 1, Math.Round(score, 4), profile.Name, profile.Title, titleName, tierName,
                reference.CityNames.GetValueOrDefault(profile.CityCode, profile.CityCode), profile.EmployerName, c.IsNew,
                MatchReasons.Top(features, contributions[i], names));
        }).ToList();

        if (need.ChallengeId is { } id)
        {
            state.RecordTop(id, shown.Take(exposure.TopSize).Select(c => c.EngineerId));
            impressions.Record(matches
                .Select(m => new MatchImpression(id, m.EngineerId, MatchSurface.ChallengeMatches, m.Rank, m.Score, Truncate(version), now))
                .ToList());
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            var end = System.Diagnostics.Stopwatch.GetTimestamp();
            static double Ms(long from, long to) => Math.Round((to - from) * 1000.0 / System.Diagnostics.Stopwatch.Frequency, 2);
            LogTimings(logger, candidates.Count, Ms(started, retrieved), Ms(retrieved, loaded), Ms(loaded, featured), Ms(featured, modelled), Ms(modelled, scored), Ms(scored, end));
        }

        return new MatchList(matches, candidates.Count, version);
    }

    /// <summary>
    /// Stage one as a search: the need's skill and cluster names, any word enough; availability, the title floor and
    /// (when the listing asks for one) the excellence tiers as filters, so the index spends its few hundred places on
    /// engineers the rules will keep.
    /// </summary>
    public static EngineerSearchQuery RetrievalQuery(MatchNeed need, MatchingReference reference, DateOnly today, int size)
    {
        ArgumentNullException.ThrowIfNull(need);
        ArgumentNullException.ThrowIfNull(reference);
        var text = reference.RetrievalText(need.SkillCodes, need.ClusterCode);
        return new EngineerSearchQuery
        {
            Text = string.IsNullOrWhiteSpace(text) ? null : text,
            Clusters = string.IsNullOrWhiteSpace(text) ? [need.ClusterCode] : [],
            MatchAnyWord = true,
            Snippets = false,
            Available = true,
            Today = today,
            MinTitle = need.MinTitle,
            Tiers = need.RequiresTier ? [.. Enum.GetValues<ExcellenceTier>().Where(t => t != ExcellenceTier.None)] : [],
            Size = size,
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "匹配 {Candidates} 名候选：检索 {RetrieveMs} ms，画像与记录 {LoadMs} ms，特征 {FeatureMs} ms，打分 {ScoreMs} ms，均衡 {BalanceMs} ms，理由 {ExplainMs} ms")]
    private static partial void LogTimings(ILogger logger, int candidates, double retrieveMs, double loadMs, double featureMs, double scoreMs, double balanceMs, double explainMs);

    private static string Truncate(string version) =>
        version.Length <= MatchImpression.ModelVersionMaxLength ? version : version[..MatchImpression.ModelVersionMaxLength];
}
