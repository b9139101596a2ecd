namespace Marketplace.Application.Matching;

/// <summary>
/// The learned ranking model as the use cases see it: scores for a batch of <see cref="Marketplace.Domain.Matching.PairFeatures"/>
/// rows and, for the few rows shown, each feature's contribution (the reasons). Implementations are thread-safe and
/// may swap the model underneath between calls (a newly published file), never within one.
/// </summary>
public interface IMatchRanker
{
    /// <summary>The loaded model's version, or null when no model file is loaded (the matcher then ranks by the heuristic).</summary>
    string? Version { get; }

    /// <summary>Scores and per-feature contributions from one model, or null when no model is loaded.</summary>
    RankerSnapshot? Current { get; }
}

/// <summary>One loaded model: everything scored through one snapshot comes from the same file.</summary>
public abstract class RankerSnapshot
{
    public abstract string Version { get; }

    public abstract float[] Score(IReadOnlyList<float[]> rows);

    public abstract IReadOnlyList<float[]> Contributions(IReadOnlyList<float[]> rows);
}

/// <summary>Writes impressions off the request path (the ranking answers first; the rows follow in batches).</summary>
public interface IImpressionSink
{
    void Record(IReadOnlyCollection<Marketplace.Domain.Matching.MatchImpression> impressions);
}
