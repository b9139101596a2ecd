using FluentValidation;
using Marketplace.Application.Challenges;
using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Matching;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Matching;

/// <summary>推荐工程师: the ranked engineers for a listing, for its company and the center only.</summary>
public sealed record GetChallengeMatches(Guid ChallengeId, int Top = 20) : IQuery<ChallengeMatchesDto>
{
    public const int MaxTop = 100;
}

/// <param name="Invited">Engineers the listing has already invited (the panel marks them instead of offering the button again).</param>
public sealed record ChallengeMatchesDto(
    Guid ChallengeId,
    string ModelVersion,
    int Candidates,
    IReadOnlyList<EngineerMatch> Engineers,
    IReadOnlyList<Guid> Invited,
    uint Version,
    bool CanInvite);

public sealed class GetChallengeMatchesValidator : AbstractValidator<GetChallengeMatches>
{
    public GetChallengeMatchesValidator() =>
        RuleFor(x => x.Top).InclusiveBetween(1, GetChallengeMatches.MaxTop).WithName("推荐人数");
}

public sealed class GetChallengeMatchesHandler(ChallengeAccess access, IEngineerMatcher matcher) : IQueryHandler<GetChallengeMatches, ChallengeMatchesDto>
{
    public async ValueTask<ChallengeMatchesDto> Handle(GetChallengeMatches query, CancellationToken cancellationToken)
    {
        var (challenge, actor) = await access.LoadAsync(query.ChallengeId, cancellationToken);
        if (actor.Party is not (ChallengeParty.Owner or ChallengeParty.Operator))
        {
            throw new ForbiddenException("只有发榜企业和服务中心可以查看推荐工程师。");
        }

        var list = await matcher.MatchAsync(MatchNeed.For(challenge), query.Top, cancellationToken);
        return new ChallengeMatchesDto(
            challenge.Id, list.ModelVersion, list.Candidates, list.Engineers, [.. challenge.InvitedEngineerIds], challenge.Version,
            actor.Party == ChallengeParty.Owner && !challenge.Status.IsFinal());
    }
}

/// <summary>为你推荐: open listings the engineer would be a strong candidate for, best first.</summary>
public sealed record GetRecommendedChallenges(Guid EngineerId, int Top = 10) : IQuery<RecommendedChallengesDto>
{
    public const int MaxTop = 50;

    /// <summary>How many of the newest open listings are considered (each costs one retrieval, cached by the index).</summary>
    public const int OpenListingsConsidered = 100;
}

public sealed record RecommendedChallengeDto(
    ChallengeSummaryDto Challenge,
    int Rank,
    double Score,
    bool Invited,
    IReadOnlyList<string> Reasons);

/// <param name="Refusal">Why nothing can be recommended (not available, no hours), or null.</param>
public sealed record RecommendedChallengesDto(Guid EngineerId, string ModelVersion, IReadOnlyList<RecommendedChallengeDto> Challenges, string? Refusal);

public sealed class GetRecommendedChallengesValidator : AbstractValidator<GetRecommendedChallenges>
{
    public GetRecommendedChallengesValidator() =>
        RuleFor(x => x.Top).InclusiveBetween(1, GetRecommendedChallenges.MaxTop).WithName("推荐条数");
}

/// <summary>
/// The other direction of 一对多精准对接, with the same model: for each open listing the engineer may see (an
/// invite-only listing only when they are invited — never otherwise, not even as a count), the pair is featured and
/// scored exactly as when the listing asks for engineers, including the retrieval stage: a listing whose retrieval
/// would not bring the engineer up is not recommended to them either.
/// </summary>
public sealed class GetRecommendedChallengesHandler(
    IMarketplaceDbContext db,
    ICurrentUser user,
    ChallengeAccess access,
    Engineers.Search.IEngineerSearch search,
    IMatchRanker ranker,
    MatchingState state,
    IImpressionSink impressions,
    MatchingOptions options,
    TimeProvider clock) : IQueryHandler<GetRecommendedChallenges, RecommendedChallengesDto>
{
    public async ValueTask<RecommendedChallengesDto> Handle(GetRecommendedChallenges query, CancellationToken cancellationToken)
    {
        var self = await access.EngineerIdAsync(cancellationToken);
        var isStaff = await user.IsPlatformStaffAsync(db, cancellationToken);
        if (self != query.EngineerId && !isStaff)
        {
            // Whether an engineer exists is public (the directory), their recommendations are theirs.
            throw await db.Engineers.AnyAsync(e => e.Id == query.EngineerId, cancellationToken)
                ? new ForbiddenException("只能查看自己的推荐榜单。")
                : new NotFoundException("工程师", query.EngineerId);
        }

        var profile = (await MatchingRecords.ProfilesAsync(db, [query.EngineerId], cancellationToken)).SingleOrDefault()
            ?? throw new NotFoundException("工程师", query.EngineerId);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var snapshot = ranker.Current;
        var version = snapshot?.Version ?? EngineerMatcher.HeuristicVersion;
        if (!Engineers.Search.EngineerFacets.IsAvailable(profile.HoursPerMonth, profile.AvailableFrom, profile.AvailableUntil, today))
        {
            return new RecommendedChallengesDto(query.EngineerId, version, [], "当前不在可服务时间内（或每月可服务小时为 0），更新档期后即可获得推荐。");
        }

        var engineerId = query.EngineerId;
        var open = await db.Challenges.AsNoTracking()
            .Where(c => c.Status == ChallengeStatus.Published && c.ApplicationDeadline > now
                && (c.Confidentiality != Confidentiality.InviteOnly || c.InvitedEngineerIds.Contains(engineerId))
                && !db.ChallengeApplications.Any(a => a.ChallengeId == c.Id && a.Members.Any(m => m.EngineerId == engineerId)))
            .OrderByDescending(c => c.PublishedAt).ThenBy(c => c.Id)
            .Take(GetRecommendedChallenges.OpenListingsConsidered)
            .ToListAsync(cancellationToken);

        var reference = await state.ReferenceAsync(db, cancellationToken);
        var tracks = await state.TracksAsync(db, cancellationToken);
        var track = tracks.GetValueOrDefault(engineerId) ?? TrackRecord.Empty;
        var pairs = new List<(Challenge Challenge, float[] Features)>();
        foreach (var challenge in open)
        {
            var need = MatchNeed.For(challenge);
            var facts = new ChallengeFacts(
                challenge.Id, need.OwnerOrganizationId, need.ClusterCode, need.SkillCodes, need.CityCode, need.Bounty,
                need.ExpectedDurationDays, today, need.MinTitle, need.RequiresTier);
            var engineer = profile.Facts(track.AsOf(need.ClusterCode, now));
            if (CandidateRules.Check(facts, engineer, today) != CandidateRefusal.None)
            {
                continue;
            }

            var hits = await search.SearchAsync(EngineerMatcher.RetrievalQuery(need, reference, today, options.Candidates), cancellationToken);
            if (hits.Hits.FirstOrDefault(h => h.Id == engineerId) is not { } hit)
            {
                continue;
            }

            pairs.Add((challenge, PairFeatures.Compute(facts, engineer, hit.Score, code => reference.ClusterOfSkill.GetValueOrDefault(code))));
        }

        var rows = pairs.Select(p => p.Features).ToList();
        var scores = snapshot?.Score(rows) ?? rows.Select(r => (float)HeuristicScore.Of(r)).ToArray();
        var ranked = pairs.Select((p, i) => (p.Challenge, p.Features, Score: scores[i]))
            .OrderByDescending(p => p.Score).ThenBy(p => p.Challenge.Id)
            .Take(query.Top)
            .ToList();
        var contributions = snapshot?.Contributions(ranked.Select(r => r.Features).ToList())
            ?? ranked.Select(r => HeuristicScore.Contributions(r.Features)).ToList();

        var titleName = EngineerVocabulary.Name(profile.Title);
        var tierName = profile.Tier == ExcellenceTier.None ? null : EngineerVocabulary.Name(profile.Tier);
        var result = ranked.Select((r, i) => new RecommendedChallengeDto(
            new ChallengeSummaryDto(
                r.Challenge.Id, r.Challenge.Title, r.Challenge.ClusterCode, r.Challenge.CityCode, r.Challenge.Bounty, r.Challenge.SupportAmount,
                r.Challenge.ApplicationDeadline, r.Challenge.Status, r.Challenge.Status.Chinese(), r.Challenge.Confidentiality, r.Challenge.RaceSlots,
                r.Challenge.PublishedAt),
            i + 1,
            Math.Round(r.Score, 4),
            r.Challenge.InvitedEngineerIds.Contains(engineerId),
            MatchReasons.Top(r.Features, contributions[i], new ReasonNames(
                r.Challenge.SkillCodes.Count, reference.ClusterNames.GetValueOrDefault(r.Challenge.ClusterCode),
                reference.CityNames.GetValueOrDefault(r.Challenge.CityCode), titleName, tierName))))
            .ToList();

        if (self == engineerId)
        {
            var shownVersion = version.Length <= MatchImpression.ModelVersionMaxLength ? version : version[..MatchImpression.ModelVersionMaxLength];
            impressions.Record(result.Select(r => new MatchImpression(r.Challenge.Id, engineerId, MatchSurface.Recommendation, r.Rank, r.Score, shownVersion, now)).ToList());
        }

        return new RecommendedChallengesDto(engineerId, version, result, null);
    }
}
