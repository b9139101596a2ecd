using System.Net;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Marketplace.Application.Engineers.Search;
using Marketplace.Domain.Engineers;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Marketplace.Infrastructure.Search;

/// <summary>
/// The embedded engineer index: Lucene.NET 4.8 on local disk. One <see cref="IndexWriter"/> for the life of the
/// process (writes are serialised by a semaphore so a rebuild is never interleaved with an update), near-real-time
/// searchers through a <see cref="SearcherManager"/>, CJK bigrams for Chinese (StandardTokenizer handles Latin and
/// digits; single characters kept in the index), BM25. User text is analysed into term and phrase queries in code — never handed to a query parser.
/// Facets are counted from SortedSet doc values of the matching documents (no taxonomy index to keep in step).
/// </summary>
public sealed class LuceneEngineerSearch : IEngineerSearch, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const int SnippetLength = 120;

    // Bumped whenever ToLucene's fields change: an index written under another schema is emptied on open, so the
    // start-up count check rebuilds it instead of searching fields that are not there.
    private const string SchemaVersion = "2";

    // Searchable text fields and their boosts; the snippet is taken from the first one that matches.
    private static readonly (string Field, float Boost)[] TextFields =
    [
        ("skills", 2.5f), ("name", 3f), ("labels", 1.5f), ("employer", 1f), ("bio", 1f),
    ];

    private static readonly string[] SetFacets =
    [
        EngineerFacets.Cluster, EngineerFacets.Skill, EngineerFacets.City, EngineerFacets.Title, EngineerFacets.Tier,
        EngineerFacets.ServiceMode,
    ];

    private readonly LuceneDirectory _directory;
    private readonly Analyzer _indexAnalyzer = new CjkAnalyzer(unigrams: true);
    private readonly Analyzer _queryAnalyzer = new CjkAnalyzer(unigrams: false);
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _clock;
    private bool _disposed;

    public LuceneEngineerSearch(string indexPath, TimeProvider clock)
    {
        _clock = clock;
        System.IO.Directory.CreateDirectory(indexPath);
        _directory = FSDirectory.Open(new DirectoryInfo(indexPath));
        var config = new IndexWriterConfig(Version, _indexAnalyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = new BM25Similarity(),
        };
        try
        {
            _writer = new IndexWriter(_directory, config);
        }
        catch (LockObtainFailedException ex)
        {
            _directory.Dispose();
            throw new InvalidOperationException(
                $"搜索索引目录 {indexPath} 已被另一个进程占用：嵌入式 Lucene 索引只能属于一个进程（多实例部署请用 Elasticsearch）。", ex);
        }

        if (DirectoryReader.IndexExists(_directory)
            && (!DirectoryReader.ListCommits(_directory)[^1].UserData.TryGetValue("schema", out var schema) || schema != SchemaVersion))
        {
            _writer.DeleteAll();
            Commit();
        }

        _searchers = new SearcherManager(_writer, true, new Bm25SearcherFactory());
    }

    private void Commit()
    {
        _writer.SetCommitData(new Dictionary<string, string>(StringComparer.Ordinal) { ["schema"] = SchemaVersion });
        _writer.Commit();
    }

    public Task<EngineerSearchResult> SearchAsync(EngineerSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var today = query.Today ?? DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var (textQuery, terms) = BuildTextQuery(query.Text);
        var luceneQuery = Combine(textQuery, Filters(query, today));
        var sort = query.Sort switch
        {
            EngineerSearchSort.Rating => new Sort(new SortField("rating", SortFieldType.INT64, true), SortField.FIELD_SCORE, new SortField("id_sort", SortFieldType.STRING)),
            EngineerSearchSort.Experience => new Sort(new SortField("years", SortFieldType.INT64, true), SortField.FIELD_SCORE, new SortField("id_sort", SortFieldType.STRING)),
            _ => new Sort(SortField.FIELD_SCORE, new SortField("id_sort", SortFieldType.STRING)),
        };

        var filtered = query.FilteredDimensions().ToHashSet(StringComparer.Ordinal);
        var searcher = _searchers.Acquire();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var skip = (query.Page - 1) * query.Size;

            // One pass collects the page and the counts of every dimension that has no filter of its own.
            var top = TopFieldCollector.Create(sort, skip + query.Size, null, fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: false);
            var facets = new FacetCollector(today.DayNumber, EngineerFacets.All.Where(d => !filtered.Contains(d)));
            searcher.Search(luceneQuery, MultiCollector.Wrap(top, facets));
            var counts = facets.Result();

            // Drill sideways: a filtered dimension is counted with every other filter but its own.
            foreach (var dimension in filtered)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sideways = new FacetCollector(today.DayNumber, [dimension]);
                searcher.Search(Combine(textQuery, Filters(query.Without(dimension), today)), sideways);
                counts[dimension] = sideways.Result()[dimension];
            }

            var docs = top.GetTopDocs();
            var hits = new List<EngineerSearchHit>(query.Size);
            for (var i = skip; i < docs.ScoreDocs.Length; i++)
            {
                var scoreDoc = docs.ScoreDocs[i];
                var doc = searcher.Doc(scoreDoc.Doc);
                var snippet = terms.Count == 0 ? null : Snippet(doc, terms);
                hits.Add(new EngineerSearchHit(Guid.Parse(doc.Get("id")), float.IsNaN(scoreDoc.Score) ? 0 : scoreDoc.Score, snippet));
            }

            return Task.FromResult(new EngineerSearchResult(hits, docs.TotalHits, counts));
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public async Task IndexAsync(IEnumerable<EngineerSearchDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var document in documents)
            {
                _writer.UpdateDocument(new Term("id", document.Id.ToString()), ToLucene(document));
            }

            Commit();
            _searchers.MaybeRefreshBlocking();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _writer.DeleteDocuments(new Term("id", id.ToString()));
            Commit();
            _searchers.MaybeRefreshBlocking();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task RebuildAsync(IAsyncEnumerable<EngineerSearchDocument> documents, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // Readers keep the old index until the refresh below: the rebuild is all or nothing for them.
            _writer.DeleteAll();
            var count = 0;
            try
            {
                await foreach (var document in documents.WithCancellation(cancellationToken))
                {
                    _writer.AddDocument(ToLucene(document));
                    if (++count % 1000 == 0)
                    {
                        progress?.Report(count);
                    }
                }
            }
            catch
            {
                _writer.Rollback();
                throw;
            }

            Commit();
            _searchers.MaybeRefreshBlocking();
            progress?.Report(count);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        var searcher = _searchers.Acquire();
        try
        {
            return Task.FromResult(searcher.IndexReader.NumDocs);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _searchers.Dispose();
        _writer.Dispose();
        _indexAnalyzer.Dispose();
        _queryAnalyzer.Dispose();
        _directory.Dispose();
        _writeLock.Dispose();
    }

    private static Document ToLucene(EngineerSearchDocument e)
    {
        var id = e.Id.ToString();
        var doc = new Document
        {
            new StringField("id", id, Field.Store.YES),
            new SortedDocValuesField("id_sort", new BytesRef(id)),
            new TextField("name", e.Name, Field.Store.YES),
            new TextField("skills", string.Join("、", e.SkillNames), Field.Store.YES),
            new TextField("labels", string.Join("、", new[] { e.TitleName, e.TierName, e.CityName }.Concat(e.ClusterNames).Where(s => s.Length > 0)), Field.Store.YES),
            new TextField("employer", e.EmployerName, Field.Store.YES),
            new TextField("bio", e.Bio, Field.Store.YES),
            new StringField("city", e.CityCode, Field.Store.NO),
            new StringField("tier", e.Tier.ToString(), Field.Store.NO),
            new StringField("title", e.Title.ToString(), Field.Store.NO),
            new Int32Field("title_n", (int)e.Title, Field.Store.NO),
            new Int32Field("hours_n", e.HoursPerMonth, Field.Store.NO),
            new Int32Field("from_n", e.AvailableFrom?.DayNumber ?? 0, Field.Store.NO),
            new Int32Field("until_n", e.AvailableUntil?.DayNumber ?? int.MaxValue, Field.Store.NO),
            new NumericDocValuesField("hours", e.HoursPerMonth),
            new NumericDocValuesField("from", e.AvailableFrom?.DayNumber ?? 0),
            new NumericDocValuesField("until", e.AvailableUntil?.DayNumber ?? int.MaxValue),
            new NumericDocValuesField("rating", (long)Math.Round(e.RatingAverage * 100m)),
            new NumericDocValuesField("years", e.YearsOfPractice),
            Facet(EngineerFacets.City, e.CityCode),
            Facet(EngineerFacets.Title, e.Title.ToString()),
            Facet(EngineerFacets.Tier, e.Tier.ToString()),
        };

        foreach (var name in e.SkillNames.Distinct(StringComparer.Ordinal))
        {
            doc.Add(new StringField("skill_kw", name, Field.Store.NO));
        }

        foreach (var code in e.SkillCodes.Distinct(StringComparer.Ordinal))
        {
            doc.Add(new StringField("skill", code, Field.Store.NO));
            doc.Add(Facet(EngineerFacets.Skill, code));
        }

        foreach (var code in e.ClusterCodes.Distinct(StringComparer.Ordinal))
        {
            doc.Add(new StringField("cluster", code, Field.Store.NO));
            doc.Add(Facet(EngineerFacets.Cluster, code));
        }

        foreach (var mode in Modes(e.ServiceModes))
        {
            doc.Add(new StringField("mode", mode, Field.Store.NO));
            doc.Add(Facet(EngineerFacets.ServiceMode, mode));
        }

        return doc;
    }

    private static SortedSetDocValuesField Facet(string dimension, string value) => new("f_" + dimension, new BytesRef(value));

    private static IEnumerable<string> Modes(ServiceModes modes) =>
        Enum.GetValues<ServiceModes>().Where(m => m != ServiceModes.None && modes.HasFlag(m)).Select(m => m.ToString());

    private static BooleanQuery Combine(Query text, IEnumerable<Query> filters)
    {
        var root = new BooleanQuery { { text, Occur.MUST } };
        foreach (var filter in filters)
        {
            // Filters narrow the hits without touching the score, so relevance is the text's alone.
            root.Add(new ConstantScoreQuery(filter) { Boost = 0f }, Occur.MUST);
        }

        return root;
    }

    private (Query Query, HashSet<string> Terms) BuildTextQuery(string? text)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return (new MatchAllDocsQuery(), terms);
        }

        var root = new BooleanQuery();
        foreach (var word in words)
        {
            // Every word must match somewhere: as a phrase of its analysed tokens in a text field, or exactly as a skill name or code.
            var any = new BooleanQuery
            {
                { new TermQuery(new Term("skill_kw", word)) { Boost = 4f }, Occur.SHOULD },
                { new TermQuery(new Term("skill", word)) { Boost = 4f }, Occur.SHOULD },
            };
            foreach (var (field, boost) in TextFields)
            {
                var tokens = Analyze(_queryAnalyzer, field, word);
                if (tokens.Count == 0)
                {
                    continue;
                }

                terms.UnionWith(tokens.Select(t => t.Term));
                Query clause;
                if (tokens.Count == 1)
                {
                    clause = new TermQuery(new Term(field, tokens[0].Term));
                }
                else
                {
                    var phrase = new PhraseQuery();
                    foreach (var token in tokens)
                    {
                        phrase.Add(new Term(field, token.Term), token.Position);
                    }

                    clause = phrase;
                }

                clause.Boost = boost;
                any.Add(clause, Occur.SHOULD);
            }

            root.Add(any, Occur.MUST);
        }

        return (root, terms);
    }

    /// <summary>One filter per dimension in use: any of its values (OR), the dimensions together (AND).</summary>
    private static IEnumerable<Query> Filters(EngineerSearchQuery q, DateOnly today)
    {
        static Query AnyOf(string field, IEnumerable<string> values)
        {
            var any = new BooleanQuery();
            foreach (var value in values.Distinct(StringComparer.Ordinal))
            {
                any.Add(new TermQuery(new Term(field, value)), Occur.SHOULD);
            }

            return any;
        }

        if (q.Clusters.Count > 0)
        {
            yield return AnyOf("cluster", q.Clusters);
        }

        if (q.Skills.Count > 0)
        {
            yield return AnyOf("skill", q.Skills);
        }

        if (q.Cities.Count > 0)
        {
            yield return AnyOf("city", q.Cities);
        }

        if (q.Titles.Count > 0)
        {
            yield return AnyOf("title", q.Titles.Select(t => t.ToString()));
        }

        if (q.MinTitle is { } minTitle)
        {
            yield return NumericRangeQuery.NewInt32Range("title_n", (int)minTitle, null, true, true);
        }

        if (q.Tiers.Count > 0)
        {
            yield return AnyOf("tier", q.Tiers.Select(t => t.ToString()));
        }

        if (q.Modes.Count > 0)
        {
            yield return AnyOf("mode", q.Modes.SelectMany(Modes));
        }

        if (q.Available is { } available)
        {
            var now = new BooleanQuery
            {
                { NumericRangeQuery.NewInt32Range("hours_n", 1, null, true, true), Occur.MUST },
                { NumericRangeQuery.NewInt32Range("from_n", null, today.DayNumber, true, true), Occur.MUST },
                { NumericRangeQuery.NewInt32Range("until_n", today.DayNumber, null, true, true), Occur.MUST },
            };
            yield return available ? now : new BooleanQuery { { new MatchAllDocsQuery(), Occur.MUST }, { now, Occur.MUST_NOT } };
        }
    }

    private static List<(string Term, int Position, int Start, int End)> Analyze(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<(string, int, int, int)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            tokens.Add((term.ToString(), position, offset.StartOffset, offset.EndOffset));
        }

        stream.End();
        return tokens;
    }

    /// <summary>A window of the first matching field, HTML-escaped, with the matched tokens wrapped in &lt;mark&gt;.</summary>
    private string? Snippet(Document doc, HashSet<string> terms)
    {
        foreach (var (field, _) in TextFields)
        {
            var text = doc.Get(field);
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            var marked = new bool[text.Length];
            var first = -1;
            foreach (var token in Analyze(_indexAnalyzer, field, text))
            {
                if (!terms.Contains(token.Term))
                {
                    continue;
                }

                for (var i = token.Start; i < Math.Min(token.End, text.Length); i++)
                {
                    marked[i] = true;
                }

                first = first < 0 ? token.Start : Math.Min(first, token.Start);
            }

            if (first < 0)
            {
                continue;
            }

            var start = text.Length <= SnippetLength ? 0 : Math.Clamp(first - 20, 0, text.Length - SnippetLength);
            var end = Math.Min(text.Length, start + SnippetLength);
            var html = new StringBuilder();
            if (start > 0)
            {
                html.Append('…');
            }

            var i0 = start;
            while (i0 < end)
            {
                var inMark = marked[i0];
                var i1 = i0;
                while (i1 < end && marked[i1] == inMark)
                {
                    i1++;
                }

                var encoded = WebUtility.HtmlEncode(text[i0..i1]);
                html.Append(inMark ? "<mark>" + encoded + "</mark>" : encoded);
                i0 = i1;
            }

            if (end < text.Length)
            {
                html.Append('…');
            }

            return html.ToString();
        }

        return null;
    }

    /// <summary>
    /// CJKAnalyzer's chain without stop words ("and", "or" in user text are words like any other): StandardTokenizer
    /// (Latin words and numbers whole, Han one character at a time), width folding, lower case, CJK bigrams. The index
    /// also keeps the single characters (bigrams stacked on them at the same position), so a one-character query and
    /// a query that ends inside a longer word still match; queries use bigrams only, and their positions line up.
    /// </summary>
    private sealed class CjkAnalyzer(bool unigrams) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream result = new CJKWidthFilter(source);
            result = new LowerCaseFilter(Version, result);
            result = new CJKBigramFilter(result, CJKScript.HAN | CJKScript.HIRAGANA | CJKScript.KATAKANA | CJKScript.HANGUL, unigrams);
            return new TokenStreamComponents(source, result);
        }
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
    }

    /// <summary>
    /// Counts the values of the asked dimensions over every matching document: per segment by ordinal (an array
    /// increment per value), resolved to strings once at the segment's end.
    /// </summary>
    private sealed class FacetCollector : ICollector
    {
        private readonly int _today;
        private readonly string[] _setDimensions;
        private readonly bool _availability;
        private readonly Dictionary<string, Dictionary<string, int>> _counts;
        private readonly SortedSetDocValues?[] _values;
        private readonly int[]?[] _ordCounts;
        private NumericDocValues? _hours;
        private NumericDocValues? _from;
        private NumericDocValues? _until;
        private int _availableNow;
        private int _notAvailableNow;

        public FacetCollector(int today, IEnumerable<string> dimensions)
        {
            _today = today;
            var asked = dimensions.ToHashSet(StringComparer.Ordinal);
            _setDimensions = SetFacets.Where(asked.Contains).ToArray();
            _availability = asked.Contains(EngineerFacets.Availability);
            _counts = _setDimensions.ToDictionary(d => d, _ => new Dictionary<string, int>(StringComparer.Ordinal), StringComparer.Ordinal);
            _values = new SortedSetDocValues?[_setDimensions.Length];
            _ordCounts = new int[]?[_setDimensions.Length];
        }

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            var reader = context.AtomicReader;
            for (var i = 0; i < _setDimensions.Length; i++)
            {
                var values = reader.GetSortedSetDocValues("f_" + _setDimensions[i]);
                _values[i] = values;
                _ordCounts[i] = values is null ? null : new int[checked((int)values.ValueCount)];
            }

            if (_availability)
            {
                _hours = reader.GetNumericDocValues("hours");
                _from = reader.GetNumericDocValues("from");
                _until = reader.GetNumericDocValues("until");
            }
        }

        public void Collect(int doc)
        {
            for (var i = 0; i < _setDimensions.Length; i++)
            {
                if (_values[i] is not { } values)
                {
                    continue;
                }

                var ordCounts = _ordCounts[i]!;
                values.SetDocument(doc);
                long ord;
                while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                {
                    ordCounts[ord]++;
                }
            }

            if (_hours is not null && _from is not null && _until is not null)
            {
                if (_hours.Get(doc) > 0 && _from.Get(doc) <= _today && _until.Get(doc) >= _today)
                {
                    _availableNow++;
                }
                else
                {
                    _notAvailableNow++;
                }
            }
        }

        public Dictionary<string, IReadOnlyList<FacetCount>> Result()
        {
            Flush();
            var result = _counts.ToDictionary(
                d => d.Key,
                d => (IReadOnlyList<FacetCount>)d.Value.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal)
                    .Select(v => new FacetCount(v.Key, v.Value)).ToList(),
                StringComparer.Ordinal);
            if (_availability)
            {
                result[EngineerFacets.Availability] = new[]
                    {
                        new FacetCount(EngineerFacets.AvailableNow, _availableNow),
                        new FacetCount(EngineerFacets.NotAvailableNow, _notAvailableNow),
                    }
                    .Where(c => c.Count > 0).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).ToList();
            }

            return result;
        }

        private void Flush()
        {
            var scratch = new BytesRef();
            for (var i = 0; i < _setDimensions.Length; i++)
            {
                if (_values[i] is not { } values || _ordCounts[i] is not { } ordCounts)
                {
                    continue;
                }

                var counts = _counts[_setDimensions[i]];
                for (var ord = 0; ord < ordCounts.Length; ord++)
                {
                    if (ordCounts[ord] > 0)
                    {
                        values.LookupOrd(ord, scratch);
                        var key = scratch.Utf8ToString();
                        counts[key] = counts.GetValueOrDefault(key) + ordCounts[ord];
                    }
                }

                _values[i] = null;
                _ordCounts[i] = null;
            }
        }
    }
}
