namespace Marketplace.Domain.Matching;

/// <summary>
/// The ranking measures the matching model is judged by, over one query's ranked list of graded labels (the label of
/// the item at rank 1 first). Defined as in the LETOR / MSLR-WEB30K literature, so the figures compare with published
/// ones: NDCG uses the exponential gain 2^label − 1 and the log2(rank + 1) discount, and a query whose ideal DCG is 0
/// (no relevant item at all) scores 0 and is counted; MAP treats labels at or above a threshold as relevant.
/// </summary>
public static class RankingMetrics
{
    /// <summary>NDCG at <paramref name="k"/> of one ranked list of labels.</summary>
    public static double NdcgAt(IReadOnlyList<int> rankedLabels, int k)
    {
        ArgumentNullException.ThrowIfNull(rankedLabels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var ideal = Dcg(rankedLabels.OrderByDescending(l => l).ToList(), k);
        return ideal == 0 ? 0 : Dcg(rankedLabels, k) / ideal;
    }

    /// <summary>Average precision of one ranked list: the mean of precision@i over the ranks i of the relevant items.</summary>
    public static double AveragePrecision(IReadOnlyList<int> rankedLabels, int relevantFrom = 1)
    {
        ArgumentNullException.ThrowIfNull(rankedLabels);
        var relevant = 0;
        var sum = 0.0;
        for (var i = 0; i < rankedLabels.Count; i++)
        {
            if (rankedLabels[i] >= relevantFrom)
            {
                relevant++;
                sum += relevant / (double)(i + 1);
            }
        }

        return relevant == 0 ? 0 : sum / relevant;
    }

    /// <summary>Mean NDCG@k over queries (each query's labels in ranked order).</summary>
    public static double MeanNdcgAt(IEnumerable<IReadOnlyList<int>> queries, int k) => Mean(queries, q => NdcgAt(q, k));

    /// <summary>Mean average precision over queries.</summary>
    public static double MeanAveragePrecision(IEnumerable<IReadOnlyList<int>> queries, int relevantFrom = 1) =>
        Mean(queries, q => AveragePrecision(q, relevantFrom));

    private static double Dcg(IReadOnlyList<int> labels, int k)
    {
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, labels.Count); i++)
        {
            if (labels[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], "Relevance labels are 0 or more.");
            }

            dcg += (Math.Pow(2, labels[i]) - 1) / Math.Log2(i + 2);
        }

        return dcg;
    }

    private static double Mean(IEnumerable<IReadOnlyList<int>> queries, Func<IReadOnlyList<int>, double> measure)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var count = 0;
        var sum = 0.0;
        foreach (var query in queries)
        {
            sum += measure(query);
            count++;
        }

        return count == 0 ? 0 : sum / count;
    }
}
