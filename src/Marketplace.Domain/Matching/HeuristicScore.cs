namespace Marketplace.Domain.Matching;

/// <summary>
/// The hand-weighted baseline the learned model must beat, and the ranking used when no model file is loaded: what an
/// experienced operator would write down without data — skills first, then cluster, place, track record, with
/// penalties for abandonments and a full plate. Weights are judgement, not fitted; a missing value adds nothing.
/// </summary>
public static class HeuristicScore
{
    private static readonly double[] Weights = BuildWeights();

    public static double Of(float[] features) => Contributions(features).Sum();

    /// <summary>Each feature's term of the weighted sum: the reasons when ranking without a model.</summary>
    public static float[] Contributions(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length != PairFeatures.Count)
        {
            throw new ArgumentException($"Expected {PairFeatures.Count} features.", nameof(features));
        }

        var terms = new float[PairFeatures.Count];
        for (var i = 0; i < terms.Length; i++)
        {
            var value = features[i];
            if (float.IsNaN(value))
            {
                continue;
            }

            // A rating speaks for the engineer above 3 of 5 and against them below.
            terms[i] = (float)(Weights[i] * (i == PairFeatures.RatingAverage ? value - 3 : value));
        }

        return terms;
    }

    private static double[] BuildWeights()
    {
        var w = new double[PairFeatures.Count];
        w[PairFeatures.SkillExactShare] = 3.0;
        w[PairFeatures.SkillSameCluster] = 0.5;
        w[PairFeatures.ClusterMatch] = 1.0;
        w[PairFeatures.SameCity] = 0.5;
        w[PairFeatures.TitleLevel] = 0.2;
        w[PairFeatures.TierStrength] = 0.3;
        w[PairFeatures.VerifiedInCluster] = 0.4;
        w[PairFeatures.RatingAverage] = 0.3;
        w[PairFeatures.Abandonments] = -1.0;
        w[PairFeatures.ActiveWork] = -0.3;
        w[PairFeatures.AvailabilityFit] = 0.5;
        w[PairFeatures.SearchScore] = 0.1;
        return w;
    }
}
