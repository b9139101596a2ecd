using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Matching;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Matching;

/// <summary>A listing as training data: what the model knows of it, when it was matched, and what each shown or applying engineer did.</summary>
public sealed record HistoricalChallenge(
    ChallengeFacts Facts,
    string RetrievalText,
    DateTimeOffset MatchedAt,
    bool HasImpressions,
    IReadOnlyDictionary<Guid, PairHistory> Pairs);

/// <summary>The profile fields the matching features read (the rest of the aggregate is not loaded).</summary>
public sealed record CandidateProfile(
    Guid Id,
    string Name,
    Guid? EmployerOrganizationId,
    string EmployerName,
    IReadOnlyCollection<string> SkillCodes,
    IReadOnlyCollection<string> ClusterCodes,
    string CityCode,
    ProfessionalTitle Title,
    ExcellenceTier Tier,
    int YearsOfPractice,
    int HoursPerMonth,
    DateOnly? AvailableFrom,
    DateOnly? AvailableUntil,
    decimal? HourlyRate)
{
    public EngineerFacts Facts(TrackFacts track) => new(
        Id, EmployerOrganizationId, SkillCodes, ClusterCodes, CityCode, Title, Tier, YearsOfPractice,
        track.WinsInCluster, track.VerifiedInCluster, track.RatingAverage, track.RatingCount, track.Abandonments,
        track.ActiveWork, HoursPerMonth, AvailableFrom, AvailableUntil, HourlyRate, track.ResponseRate);
}

/// <summary>
/// Reads the platform's records the matching model needs, from PostgreSQL: every engineer's dated
/// <see cref="TrackRecord"/> (awards, verifications, ratings, invitations), and — for training — every published
/// listing's pairs with what happened (impressions, applications, shortlists, awards, verification, ratings). Only
/// projections: the listings' milestones, ledger and audit are never loaded.
/// </summary>
public static class MatchingRecords
{
    /// <summary>入围: an application the panel or the company scored at least this (of 100), or kept in a 赛马 until down-selection.</summary>
    public const decimal ShortlistScore = 80m;

    public static async Task<List<CandidateProfile>> ProfilesAsync(IMarketplaceDbContext db, IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        var query = db.Engineers.AsNoTracking();
        if (ids is not null)
        {
            query = query.Where(e => ids.Contains(e.Id));
        }

        return await query.Select(e => new CandidateProfile(
                e.Id, e.Name, e.EmployerOrganizationId, e.EmployerName, e.Skills.Select(s => s.SkillCode).ToList(), e.ClusterCodes, e.CityCode,
                e.Title, e.Tier, e.YearsOfPractice, e.HoursPerMonth, e.AvailableFrom, e.AvailableUntil, e.HourlyRate))
            .ToListAsync(ct);
    }

    public static async Task<(Dictionary<Guid, TrackRecord> Tracks, List<HistoricalChallenge> Challenges)> LoadAsync(
        IMarketplaceDbContext db, Func<IReadOnlyCollection<string>, string, string> retrievalText, CancellationToken ct, bool withImpressions = true)
    {
        var challenges = await db.Challenges.AsNoTracking()
            .Where(c => c.PublishedAt != null)
            .Select(c => new ChallengeRow(
                c.Id, c.OwnerOrganizationId, c.Title, c.ClusterCode, c.SkillCodes, c.CityCode, c.Bounty + c.SupportAmount, c.ExpectedDurationDays,
                c.MinTitle, c.RequiresTier, c.PublishedAt!.Value, c.SettledAt, c.UpdatedAt, c.Status, c.AbandonAfterDays, c.InvitedEngineerIds,
                c.Awards.Select(a => new AwardRow(a.ApplicationId, a.AwardedAt, a.LastActivityAt, a.Status, a.Shares.Select(s => s.EngineerId).ToList())).ToList(),
                c.Verifications.Select(v => new VerificationRow(v.Passed, v.VerifiedAt)).ToList(),
                c.Evaluations.Where(e => e.MonthsAfterSettlement == 0).Select(e => new RatingRow(e.Rating, e.RecordedAt)).ToList()))
            .ToListAsync(ct);

        var applications = await db.ChallengeApplications.AsNoTracking()
            .Where(a => a.Status != ApplicationStatus.Draft)
            .Select(a => new ApplicationRow(a.ChallengeId, a.Id, a.Status, a.Members.Select(m => m.EngineerId).ToList(), a.Scores.Select(s => s.Total).ToList()))
            .ToListAsync(ct);

        // Serving needs only the track records; the impressions (tens of thousands of rows) are training data.
        var impressions = withImpressions
            ? await db.MatchImpressions.AsNoTracking().Select(i => new { i.ChallengeId, i.EngineerId }).ToListAsync(ct)
            : [];

        var applicationsByChallenge = applications.ToLookup(a => a.ChallengeId);
        var shownByChallenge = impressions.ToLookup(i => i.ChallengeId, i => i.EngineerId);

        var awards = new Dictionary<Guid, List<AwardRecord>>();
        var ratings = new Dictionary<Guid, List<RatingRecord>>();
        var invitations = new Dictionary<Guid, List<InvitationRecord>>();
        static void Add<T>(Dictionary<Guid, List<T>> map, Guid key, T value)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }

            list.Add(value);
        }

        var history = new List<HistoricalChallenge>(challenges.Count);
        foreach (var c in challenges)
        {
            var passed = c.Verifications.Where(v => v.Passed).Select(v => (DateTimeOffset?)v.VerifiedAt).Min();
            var failedOnly = passed is null && c.Verifications.Count > 0;
            var terminal = c.Status is ChallengeStatus.Settled or ChallengeStatus.Cancelled or ChallengeStatus.VerificationFailed or ChallengeStatus.MarketEvaluation;
            var rating = c.Ratings.OrderBy(r => r.At).FirstOrDefault();
            var applicants = applicationsByChallenge[c.Id].ToList();
            var applied = applicants.SelectMany(a => a.Members).ToHashSet();

            var pairs = new Dictionary<Guid, PairHistory>();
            PairHistory Pair(Guid engineer) => pairs.TryGetValue(engineer, out var p) ? p : new PairHistory(false, false, false, false, null, false, null);

            foreach (var engineer in shownByChallenge[c.Id])
            {
                pairs[engineer] = Pair(engineer) with { Shown = true };
            }

            foreach (var application in applicants)
            {
                var average = application.Scores.Count == 0 ? 0 : application.Scores.Average();
                var shortlisted = average >= ShortlistScore || application.Status == ApplicationStatus.Eliminated;
                foreach (var member in application.Members)
                {
                    var p = Pair(member);
                    pairs[member] = p with { Applied = true, Shortlisted = p.Shortlisted || shortlisted };
                }
            }

            foreach (var award in c.Awards)
            {
                var abandoned = award.Status == AwardStatus.Abandoned;
                var active = award.Status == AwardStatus.Active;
                DateTimeOffset? ended = award.Status switch
                {
                    AwardStatus.Abandoned => award.LastActivityAt.AddDays(c.AbandonAfterDays),
                    AwardStatus.Eliminated => award.LastActivityAt,
                    _ => passed ?? c.SettledAt ?? (terminal ? c.UpdatedAt : null),
                };
                foreach (var engineer in award.Engineers)
                {
                    Add(awards, engineer, new AwardRecord(c.Id, c.ClusterCode, award.AwardedAt, ended, abandoned, active ? passed : null));
                    if (active && rating is not null)
                    {
                        Add(ratings, engineer, new RatingRecord(rating.At, rating.Rating));
                    }

                    var p = Pair(engineer);
                    pairs[engineer] = p with
                    {
                        Applied = true,
                        Awarded = true,
                        Abandoned = p.Abandoned || abandoned,
                        VerificationPassed = active ? (passed is not null ? true : failedOnly ? false : null) : p.VerificationPassed,
                        Rating = active ? rating?.Rating : p.Rating,
                    };
                }
            }

            foreach (var invited in c.Invited)
            {
                Add(invitations, invited, new InvitationRecord(c.PublishedAt, applied.Contains(invited)));
            }

            var facts = new ChallengeFacts(
                c.Id, c.OwnerOrganizationId, c.ClusterCode, c.SkillCodes, c.CityCode, c.Amount, c.ExpectedDurationDays,
                DateOnly.FromDateTime(c.PublishedAt.UtcDateTime), c.MinTitle, c.RequiresTier);
            history.Add(new HistoricalChallenge(facts, retrievalText(c.SkillCodes, c.ClusterCode), c.PublishedAt, shownByChallenge[c.Id].Any(), pairs));
        }

        var engineers = awards.Keys.Concat(ratings.Keys).Concat(invitations.Keys).Distinct();
        var tracks = engineers.ToDictionary(
            id => id,
            id => new TrackRecord(awards.GetValueOrDefault(id) ?? [], ratings.GetValueOrDefault(id) ?? [], invitations.GetValueOrDefault(id) ?? []));
        return (tracks, history);
    }

    private sealed record ChallengeRow(
        Guid Id, Guid OwnerOrganizationId, string Title, string ClusterCode, List<string> SkillCodes, string CityCode, decimal Amount,
        int ExpectedDurationDays, ProfessionalTitle? MinTitle, bool RequiresTier, DateTimeOffset PublishedAt, DateTimeOffset? SettledAt,
        DateTimeOffset UpdatedAt, ChallengeStatus Status, int AbandonAfterDays, List<Guid> Invited, List<AwardRow> Awards,
        List<VerificationRow> Verifications, List<RatingRow> Ratings);

    private sealed record AwardRow(Guid ApplicationId, DateTimeOffset AwardedAt, DateTimeOffset LastActivityAt, AwardStatus Status, List<Guid> Engineers);

    private sealed record VerificationRow(bool Passed, DateTimeOffset VerifiedAt);

    private sealed record RatingRow(int Rating, DateTimeOffset At);

    private sealed record ApplicationRow(Guid ChallengeId, Guid Id, ApplicationStatus Status, List<Guid> Members, List<decimal> Scores);
}
