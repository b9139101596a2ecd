namespace Marketplace.Domain.Matching;

/// <summary>Where a ranked engineer was put in front of someone.</summary>
public enum MatchSurface
{
    /// <summary>推荐工程师: the challenge page's panel, or <c>/api/challenges/{id}/matches</c>.</summary>
    ChallengeMatches = 0,

    /// <summary>A one-to-many matching session invited them live.</summary>
    MatchingSession = 1,

    /// <summary>为你推荐: the challenge was recommended to the engineer.</summary>
    Recommendation = 2,
}

/// <summary>
/// 曝光记录: the first time the platform showed an engineer for a challenge, at which position and score. The
/// ranking model learns from what happened after impressions (ignored, applied, awarded…), so they are the rows
/// its training data starts from; one row per (challenge, engineer, surface), the first one kept.
/// </summary>
public sealed class MatchImpression
{
    private MatchImpression() { }

    public MatchImpression(Guid challengeId, Guid engineerId, MatchSurface surface, int position, double score, string modelVersion, DateTimeOffset shownAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(position);
        ChallengeId = challengeId;
        EngineerId = engineerId;
        Surface = surface;
        Position = position;
        Score = score;
        ModelVersion = modelVersion ?? throw new ArgumentNullException(nameof(modelVersion));
        ShownAt = shownAt;
    }

    public const int ModelVersionMaxLength = 64;

    public Guid ChallengeId { get; private set; }

    public Guid EngineerId { get; private set; }

    public MatchSurface Surface { get; private set; }

    /// <summary>1-based rank the engineer was shown at.</summary>
    public int Position { get; private set; }

    public double Score { get; private set; }

    public string ModelVersion { get; private set; } = "";

    public DateTimeOffset ShownAt { get; private set; }
}
