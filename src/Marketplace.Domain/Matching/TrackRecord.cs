namespace Marketplace.Domain.Matching;

/// <summary>
/// One award an engineer held (alone or in a team): in which cluster, when, how it ended. <paramref name="EndedAt"/> is
/// when the work stopped counting as current (verified, settled, cancelled, abandoned or eliminated); null while it runs.
/// </summary>
public sealed record AwardRecord(
    Guid ChallengeId,
    string ClusterCode,
    DateTimeOffset AwardedAt,
    DateTimeOffset? EndedAt,
    bool Abandoned,
    DateTimeOffset? VerifiedPassedAt);

/// <summary>A rating a company gave the takers of a listing at settlement (市场评价).</summary>
public sealed record RatingRecord(DateTimeOffset At, int Rating);

/// <summary>An invitation to a listing (定向邀请 or a matching session) and whether the engineer answered it by applying.</summary>
public sealed record InvitationRecord(DateTimeOffset At, bool Answered);

/// <summary>
/// An engineer's record on the platform, dated, so that the matching features can be taken <em>as of</em> a moment:
/// serving asks as of now, training as of the moment each historical listing was matched. Counting a listing's own
/// award into the features of the pairs it labels would leak the answer into the question, which dating prevents.
/// </summary>
public sealed class TrackRecord
{
    public static readonly TrackRecord Empty = new([], [], []);

    public TrackRecord(IReadOnlyList<AwardRecord> awards, IReadOnlyList<RatingRecord> ratings, IReadOnlyList<InvitationRecord> invitations)
    {
        Awards = awards ?? throw new ArgumentNullException(nameof(awards));
        Ratings = ratings ?? throw new ArgumentNullException(nameof(ratings));
        Invitations = invitations ?? throw new ArgumentNullException(nameof(invitations));
    }

    public IReadOnlyList<AwardRecord> Awards { get; }

    public IReadOnlyList<RatingRecord> Ratings { get; }

    public IReadOnlyList<InvitationRecord> Invitations { get; }

    /// <summary>No award, no rating, no invitation before <paramref name="asOf"/>: a newcomer to the exposure balance.</summary>
    public bool IsNewAsOf(DateTimeOffset asOf) =>
        !Awards.Any(a => a.AwardedAt < asOf) && !Ratings.Any(r => r.At < asOf);

    public TrackFacts AsOf(string clusterCode, DateTimeOffset asOf)
    {
        var wins = 0;
        var verified = 0;
        var abandoned = 0;
        var active = 0;
        foreach (var award in Awards)
        {
            if (award.AwardedAt >= asOf)
            {
                continue;
            }

            var ended = award.EndedAt is { } end && end < asOf;
            if (!ended)
            {
                active++;
            }

            if (award.Abandoned && ended)
            {
                abandoned++;
            }

            if (award.ClusterCode == clusterCode)
            {
                wins++;
                if (award.VerifiedPassedAt is { } passed && passed < asOf)
                {
                    verified++;
                }
            }
        }

        var ratings = Ratings.Where(r => r.At < asOf).ToList();
        var invitations = Invitations.Where(i => i.At < asOf).ToList();
        return new TrackFacts(
            wins,
            verified,
            ratings.Count == 0 ? 0m : Math.Round((decimal)ratings.Average(r => r.Rating), 2),
            ratings.Count,
            abandoned,
            active,
            invitations.Count == 0 ? null : invitations.Count(i => i.Answered) / (double)invitations.Count);
    }
}

/// <summary>What <see cref="TrackRecord.AsOf"/> counts for one cluster at one moment.</summary>
public sealed record TrackFacts(
    int WinsInCluster,
    int VerifiedInCluster,
    decimal RatingAverage,
    int RatingCount,
    int Abandonments,
    int ActiveWork,
    double? ResponseRate);
