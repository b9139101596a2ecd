using System.Collections.Concurrent;
using Marketplace.Domain.Matching;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace Marketplace.Infrastructure.Matching;

/// <summary>One (challenge, engineer) pair: its graded label (<see cref="RelevanceLabel"/>) and its <see cref="PairFeatures"/>.</summary>
public sealed record RankingRow(Guid ChallengeId, Guid EngineerId, int Label, float[] Features);

/// <summary>
/// Training settings; the defaults are what the train command uses — small trees, many rows per leaf: on the
/// simulated history bigger models fitted the noise (decision 59), and these score in about half the time.
/// </summary>
public sealed record RankerOptions(int Trees = 200, int Leaves = 15, double LearningRate = 0.05, int MinRowsPerLeaf = 100);

/// <summary>
/// The matching model: LightGBM's LambdaRank (gradient-boosted trees optimising NDCG directly) through ML.NET, over
/// the <see cref="PairFeatures"/> of pairs grouped by challenge. Trained with a fixed seed and one thread, so the same
/// rows give the same model on any run. Serving scores through a pool of prediction engines (an engine is not
/// thread-safe and costs a few milliseconds to build; renting one costs nothing), one batch per rent: 500 rows in
/// well under the 5 ms budget, where building an IDataView per request would spend that on set-up alone.
/// </summary>
public sealed class LightGbmRanker
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly ITransformer _contributions;
    private readonly ITransformer _explain;
    private readonly CompiledTrees? _compiled;
    private readonly ConcurrentBag<PredictionEngine<Input, ScoreOutput>> _scorers = [];
    private readonly ConcurrentBag<PredictionEngine<Input, Output>> _explainers = [];

    private LightGbmRanker(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
        // Contributions are the trees' path attributions of each feature to a row's score (their sum plus a bias is
        // the score): exactly what the reasons need, computed with the score in the same pass.
        var predictor = model is TransformerChain<ITransformer> chain ? chain.LastTransformer : model;
        _contributions = _ml.Transforms.CalculateFeatureContribution(
                (ISingleFeaturePredictionTransformer<ICalculateFeatureContribution>)predictor,
                numberOfPositiveContributions: PairFeatures.Count,
                numberOfNegativeContributions: PairFeatures.Count,
                normalize: false)
            .Fit(_ml.Data.LoadFromEnumerable(Array.Empty<Input>(), Schema()));
        _explain = new TransformerChain<ITransformer>(_model, _contributions);
        _compiled = predictor is ISingleFeaturePredictionTransformer<LightGbmRankingModelParameters> ranking
            ? CompiledTrees.From(ranking.Model.TrainedTreeEnsemble)
            : null;
    }

    public static LightGbmRanker Train(IReadOnlyList<RankingRow> rows, int seed, RankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("No rows to train on.", nameof(rows));
        }

        options ??= new RankerOptions();
        var ml = new MLContext(seed);
        // LightGBM wants each query's rows together; ordering by challenge (then engineer, for determinism) does it.
        // Group ids are 1, 2, 3… in that order (a key of 0 would read as missing).
        var groups = new Dictionary<Guid, uint>();
        var ordered = rows.OrderBy(r => r.ChallengeId).ThenBy(r => r.EngineerId).Select(r => new Input
        {
            Label = r.Label,
            Group = groups.TryGetValue(r.ChallengeId, out var g) ? g : groups[r.ChallengeId] = (uint)groups.Count + 1,
            Features = r.Features,
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(ordered, Schema());
        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(Input.Label),
            FeatureColumnName = nameof(Input.Features),
            RowGroupColumnName = nameof(Input.Group),
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
            NumberOfThreads = 1,
            Seed = seed,
            Deterministic = true,
            CustomGains = [0, 1, 3, 7, 15],
        });
        var model = trainer.Fit(data);
        return new LightGbmRanker(ml, model);
    }

    public static LightGbmRanker Load(Stream stream)
    {
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(stream, out _);
        return new LightGbmRanker(ml, model);
    }

    public void Save(Stream stream) => _ml.Model.Save(_model, _ml.Data.LoadFromEnumerable(Array.Empty<Input>(), Schema()).Schema, stream);

    /// <summary>Whether scoring runs on the compiled trees (every LightGBM model here: numerical splits only).</summary>
    public bool IsCompiled => _compiled is not null;

    /// <summary>Scores of a batch of feature rows, in order.</summary>
    public float[] Score(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (_compiled is null)
        {
            return ScoreWithEngine(features);
        }

        if (features.Any(f => f is null || f.Length != PairFeatures.Count))
        {
            throw new ArgumentException($"Every row needs {PairFeatures.Count} features.", nameof(features));
        }

        return _compiled.Score(features);
    }

    /// <summary>Scores through ML.NET's prediction engine: the reference the compiled trees are checked against.</summary>
    public float[] ScoreWithEngine(IReadOnlyList<float[]> features) =>
        Predict(_scorers, _model, features).Select(p => p.Score).ToArray();

    /// <summary>Scores and per-feature contributions of a batch of feature rows, in order.</summary>
    public IReadOnlyList<(float Score, float[] Contributions)> Explain(IReadOnlyList<float[]> features) =>
        Predict(_explainers, _explain, features)
            .Select(p => (p.Score, p.FeatureContributions ?? new float[PairFeatures.Count])).ToList();

    private List<TOutput> Predict<TOutput>(ConcurrentBag<PredictionEngine<Input, TOutput>> pool, ITransformer transformer, IReadOnlyList<float[]> features)
        where TOutput : class, new()
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Any(f => f is null || f.Length != PairFeatures.Count))
        {
            throw new ArgumentException($"Every row needs {PairFeatures.Count} features.", nameof(features));
        }

        if (!pool.TryTake(out var engine))
        {
            engine = _ml.Model.CreatePredictionEngine<Input, TOutput>(transformer, inputSchemaDefinition: Schema());
        }

        try
        {
            var results = new List<TOutput>(features.Count);
            var input = new Input();
            foreach (var row in features)
            {
                input.Features = row;
                var output = new TOutput();
                engine.Predict(input, ref output);
                results.Add(output);
            }

            return results;
        }
        finally
        {
            pool.Add(engine);
        }
    }

    private static SchemaDefinition Schema()
    {
        var schema = SchemaDefinition.Create(typeof(Input));
        schema[nameof(Input.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, PairFeatures.Count);
        schema[nameof(Input.Group)].ColumnType = new KeyDataViewType(typeof(uint), uint.MaxValue);
        return schema;
    }

    internal sealed class Input
    {
        public float Label { get; set; }

        public uint Group { get; set; }

        public float[] Features { get; set; } = [];
    }

    internal sealed class ScoreOutput
    {
        public float Score { get; set; }
    }

    internal sealed class Output
    {
        public float Score { get; set; }

        public float[]? FeatureContributions { get; set; }
    }
}
