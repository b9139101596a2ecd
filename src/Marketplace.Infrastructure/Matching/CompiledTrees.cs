using System.Runtime.InteropServices;
using Microsoft.ML.Trainers.FastTree;

namespace Marketplace.Infrastructure.Matching;

/// <summary>
/// The model's trees as flat node arrays, evaluated directly: a batch of candidates is walked tree by tree (each
/// tree's nodes stay in cache while every row goes through it), in well under the time ML.NET's prediction engine
/// spends on its data-view plumbing per row. Same decisions as ML.NET's own tree evaluation — a value at or below the
/// threshold goes left, a missing value first takes the node's stand-in that LightGBM learned — checked against it row
/// for row, missing values included, by the tests. Only numerical splits: a model with a categorical split, or an
/// ML.NET version that keeps the missing-value stand-ins elsewhere, is not compiled and the engine scores it.
/// </summary>
internal sealed class CompiledTrees
{
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Node(int Feature, float Threshold, float Missing, int Left, int Right);

    private readonly Node[][] _trees;
    private readonly double[][] _leaves;
    private readonly double[] _weights;
    private readonly double _bias;

    private CompiledTrees(Node[][] trees, double[][] leaves, double[] weights, double bias)
    {
        _trees = trees;
        _leaves = leaves;
        _weights = weights;
        _bias = bias;
    }

    public static CompiledTrees? From(RegressionTreeEnsemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var trees = ensemble.Trees;
        var nodes = new Node[trees.Count][];
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            if (tree.CategoricalSplitFlags.Any(flag => flag) || MissingValues(tree) is not { } missing)
            {
                return null;
            }

            nodes[t] = [.. Enumerable.Range(0, tree.NumberOfNodes).Select(n => new Node(
                tree.NumericalSplitFeatureIndexes[n], tree.NumericalSplitThresholds[n], missing[n], tree.LeftChild[n], tree.RightChild[n]))];
        }

        return new CompiledTrees(nodes, [.. trees.Select(t => t.LeafValues.ToArray())], [.. ensemble.TreeWeights], ensemble.Bias);
    }

    /// <summary>Scores every row (each of the model's feature count), tree by tree.</summary>
    public float[] Score(IReadOnlyList<float[]> rows)
    {
        var sums = new double[rows.Count];
        Array.Fill(sums, _bias);
        for (var t = 0; t < _trees.Length; t++)
        {
            var nodes = _trees[t];
            var leaves = _leaves[t];
            var weight = _weights[t];
            if (nodes.Length == 0)
            {
                // A single-leaf tree adds the same to everyone.
                for (var r = 0; r < sums.Length; r++)
                {
                    sums[r] += weight * leaves[0];
                }

                continue;
            }

            for (var r = 0; r < sums.Length; r++)
            {
                var row = rows[r];
                var at = 0;
                while (at >= 0)
                {
                    ref readonly var node = ref nodes[at];
                    var value = row[node.Feature];
                    if (float.IsNaN(value))
                    {
                        value = node.Missing;
                    }

                    at = value <= node.Threshold ? node.Left : node.Right;
                }

                sums[r] += weight * leaves[~at];
            }
        }

        var scores = new float[sums.Length];
        for (var r = 0; r < scores.Length; r++)
        {
            scores[r] = (float)sums[r];
        }

        return scores;
    }

    /// <summary>
    /// The tree's stand-in for a missing value at each node (NaN — which then goes right — where it keeps none), or
    /// null when the ML.NET version at hand does not keep them where this reads.
    /// </summary>
    private static float[]? MissingValues(RegressionTreeBase tree)
    {
        const System.Reflection.BindingFlags Any = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;
        var inner = typeof(RegressionTreeBase).GetField("_tree", Any)?.GetValue(tree);
        var field = inner?.GetType().GetField("DefaultValueForMissing", Any);
        if (field is null)
        {
            return null;
        }

        var nodes = tree.NumberOfNodes;
        return field.GetValue(inner) switch
        {
            float[] values when values.Length >= nodes => values[..nodes],
            null => Enumerable.Repeat(float.NaN, nodes).ToArray(),
            _ => null,
        };
    }
}
