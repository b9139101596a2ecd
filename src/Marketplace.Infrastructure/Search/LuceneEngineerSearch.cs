using System.Net;
using System.Runtime.CompilerServices;
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

    // Bumped whenever ToLucene's fields change: an index written under another schema is emptied on open, so the
    // start-up count check rebuilds it instead of searching fields that are not there.
    private const string SchemaVersion = "4";

    /// <summary>See the constructor's parallelMinMatches.</summary>
    public const long DefaultParallelMinMatches = 8_000;

    private const float SkillsBoost = 2.5f;
    private const float LabelsBoost = 1.5f;

    // The texts a snippet is cut from (doc values "t_" + name), in the order the snippet looks for a match.
    private static readonly string[] TextFields = ["skills", "name", "labels", "employer", "bio"];

    // Free text searched by phrase; skill names and labels are matched through their keyword fields instead.
    private static readonly (string Field, float Boost)[] FreeTextFields = [("name", 3f), ("employer", 1f), ("bio", 1f)];

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
    private readonly int _resultCacheEntries;
    private readonly long _parallelMinMatches;
    private long _parallelSearches;
    private readonly ConditionalWeakTable<IndexReader, System.Collections.Concurrent.ConcurrentDictionary<string, EngineerSearchResult>> _results = new();
    private bool _disposed;

    /// <param name="resultCacheEntries">
    /// Answers kept per index generation (0: none). The same searches come back again and again — the landing page,
    /// a popular skill, paging back and forth — and while nothing was written their answer cannot have changed; any
    /// write opens a new searcher and so starts an empty cache (what Elasticsearch's request cache does per refresh).
    /// </param>
    /// <param name="parallelMinMatches">
    /// Estimated matches from which a search is scored on two threads (see <see cref="Collect"/>); below it the
    /// handing over costs more than it saves.
    /// </param>
    public LuceneEngineerSearch(string indexPath, TimeProvider clock, int resultCacheEntries = 0, long parallelMinMatches = DefaultParallelMinMatches)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(resultCacheEntries);
        ArgumentOutOfRangeException.ThrowIfNegative(parallelMinMatches);
        _clock = clock;
        _resultCacheEntries = resultCacheEntries;
        _parallelMinMatches = parallelMinMatches;
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

    /// <summary>Searches scored on two threads since start (see <see cref="Collect"/>).</summary>
    public long ParallelSearches => Interlocked.Read(ref _parallelSearches);

    public Task<EngineerSearchResult> SearchAsync(EngineerSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var today = query.Today ?? DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var sort = query.Sort switch
        {
            EngineerSearchSort.Rating => new Sort(new SortField("rating", SortFieldType.INT64, true), SortField.FIELD_SCORE, new SortField("id_sort", SortFieldType.STRING)),
            EngineerSearchSort.Experience => new Sort(new SortField("years", SortFieldType.INT64, true), SortField.FIELD_SCORE, new SortField("id_sort", SortFieldType.STRING)),
            _ => new Sort(SortField.FIELD_SCORE, new SortField("id_sort", SortFieldType.STRING)),
        };

        var searcher = _searchers.Acquire();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cache = _resultCacheEntries == 0 ? null : _results.GetValue(searcher.IndexReader, _ => new(StringComparer.Ordinal));
            var key = cache is null ? "" : CacheKey(query, today);
            if (cache is not null && cache.TryGetValue(key, out var cached))
            {
                return Task.FromResult(cached);
            }

            var (textQuery, terms) = BuildTextQuery(query.Text, query.MatchAnyWord, Vocabulary.For(searcher.IndexReader, _indexAnalyzer), TermStates.For(searcher));
            var skip = (query.Page - 1) * query.Size;

            // One pass over the text's matches: the filters are checked per document from the segment's facet arrays,
            // so the same pass collects the page, the counts, and the sideways counts of the filtered dimensions. A
            // search that matches many engineers runs as two such passes over the two halves of the index at once.
            var (docs, collector) = Collect(searcher, textQuery, sort, skip + query.Size, () => FacetCollector.For(today.DayNumber, query));

            // A hit's id and snippet text come from doc values (plain bytes, read in place) rather than stored fields,
            // whose compressed chunks had to be inflated for every hit shown — a quarter of a search's time.
            var hits = new List<EngineerSearchHit>(query.Size);
            var leaves = searcher.IndexReader.Leaves;
            var bytes = new BytesRef();
            for (var i = skip; i < docs.ScoreDocs.Length; i++)
            {
                var scoreDoc = docs.ScoreDocs[i];
                var leaf = leaves[ReaderUtil.SubIndex(scoreDoc.Doc, leaves)];
                var local = scoreDoc.Doc - leaf.DocBase;
                leaf.AtomicReader.GetSortedDocValues("id_sort").Get(local, bytes);
                var id = Guid.Parse(bytes.Utf8ToString());
                string? FieldText(string field)
                {
                    if (leaf.AtomicReader.GetBinaryDocValues("t_" + field) is not { } values)
                    {
                        return null;
                    }

                    values.Get(local, bytes);
                    return bytes.Utf8ToString();
                }

                var snippet = terms.Count == 0 || !query.Snippets ? null : Snippet(FieldText, terms);
                hits.Add(new EngineerSearchHit(id, float.IsNaN(scoreDoc.Score) ? 0 : scoreDoc.Score, snippet));
            }

            var result = new EngineerSearchResult(hits, collector.Hits, collector.Result());
            if (cache is not null)
            {
                // Bounded crudely but safely: a full cache starts over rather than tracking recency on every hit.
                if (cache.Count >= _resultCacheEntries)
                {
                    cache.Clear();
                }

                cache[key] = result;
            }

            return Task.FromResult(result);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// The scores these engineers get for a text, exactly as a search for it scores them (same query, same BM25
    /// statistics), whether or not they would make its first pages: the matching trainer needs the search-score
    /// feature of every engineer a listing showed. An engineer the text does not match scores 0.
    /// </summary>
    public IReadOnlyDictionary<Guid, float> ScoreEngineers(string? text, bool anyWord, IReadOnlyCollection<Guid> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var scores = ids.Distinct().ToDictionary(id => id, _ => 0f);
        if (scores.Count == 0)
        {
            return scores;
        }

        var searcher = _searchers.Acquire();
        try
        {
            var (textQuery, _) = BuildTextQuery(text, anyWord, Vocabulary.For(searcher.IndexReader, _indexAnalyzer), TermStates.For(searcher));
            if (textQuery is MatchAllDocsQuery)
            {
                return scores;
            }

            foreach (var chunk in scores.Keys.Chunk(512))
            {
                var which = new BooleanQuery();
                foreach (var id in chunk)
                {
                    which.Add(new TermQuery(new Term("id", id.ToString())), Occur.SHOULD);
                }

                // A filter narrows the documents without entering their scores.
                var top = searcher.Search(new FilteredQuery(textQuery, new QueryWrapperFilter(which)), chunk.Length);
                var leaves = searcher.IndexReader.Leaves;
                var bytes = new BytesRef();
                foreach (var hit in top.ScoreDocs)
                {
                    var leaf = leaves[ReaderUtil.SubIndex(hit.Doc, leaves)];
                    leaf.AtomicReader.GetSortedDocValues("id_sort").Get(hit.Doc - leaf.DocBase, bytes);
                    scores[Guid.Parse(bytes.Utf8ToString())] = float.IsNaN(hit.Score) ? 0 : hit.Score;
                }
            }

            return scores;
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// Scores the query over the index into a page collector and a facet collector. When the matches are estimated at
    /// <see cref="_parallelMinMatches"/> or more and the thread pool has nothing waiting, the index's documents are cut
    /// into two halves of about equal estimated matches (a cut may fall inside a segment: the second half's scorer
    /// starts by advancing to it), each half is scored on its own thread into its own collectors, and the two are
    /// merged — the page by the sort (which ends in the id, so the merge is the single pass's order), the counts by
    /// addition. Broad words (检测, 焊接) match a fifth of all engineers, every one of which must be counted for exact
    /// facets; that counting was the searches' p95, and it divides across cores where the scoring cannot be skipped.
    /// </summary>
    private (TopDocs Docs, FacetCollector Facets) Collect(IndexSearcher searcher, Query query, Sort sort, int numHits, Func<FacetCollector> facets)
    {
        var weight = searcher.CreateNormalizedWeight(query);
        var leaves = searcher.IndexReader.Leaves;
        var scorers = new Scorer?[leaves.Count];
        var costs = new long[leaves.Count];
        long total = 0;
        for (var i = 0; i < leaves.Count; i++)
        {
            scorers[i] = weight.GetScorer(leaves[i], leaves[i].AtomicReader.LiveDocs);
            costs[i] = scorers[i]?.GetCost() ?? 0;
            total += costs[i];
        }

        TopFieldCollector NewTop() => TopFieldCollector.Create(sort, numHits, null, fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: true);

        if (total == 0 || total < _parallelMinMatches || Environment.ProcessorCount < 2 || ThreadPool.PendingWorkItemCount > 0)
        {
            var top = NewTop();
            var collector = facets();
            collector.Wrap(top);
            for (var i = 0; i < leaves.Count; i++)
            {
                Score(scorers[i], leaves[i], 0, int.MaxValue, collector);
            }

            return (top.GetTopDocs(), collector);
        }

        // The cut: the first leaf where the running cost passes half, at the document in proportion to the remainder.
        var split = 0;
        long before = 0;
        while (split < leaves.Count - 1 && before + costs[split] < total / 2)
        {
            before += costs[split++];
        }

        var cutLeaf = leaves[split];
        var cut = costs[split] == 0 ? 0 : (int)(cutLeaf.AtomicReader.MaxDoc * (double)(total / 2 - before) / costs[split]);
        var secondHalfScorer = weight.GetScorer(cutLeaf, cutLeaf.AtomicReader.LiveDocs);

        (TopDocs, FacetCollector) Half(bool first)
        {
            var top = NewTop();
            var collector = facets();
            collector.Wrap(top);
            if (first)
            {
                for (var i = 0; i < split; i++)
                {
                    Score(scorers[i], leaves[i], 0, int.MaxValue, collector);
                }

                Score(scorers[split], cutLeaf, 0, cut, collector);
            }
            else
            {
                Score(secondHalfScorer, cutLeaf, cut, int.MaxValue, collector);
                for (var i = split + 1; i < leaves.Count; i++)
                {
                    Score(scorers[i], leaves[i], 0, int.MaxValue, collector);
                }
            }

            return (top.GetTopDocs(), collector);
        }

        Interlocked.Increment(ref _parallelSearches);
        var second = Task.Run(() => Half(first: false));
        var (firstDocs, firstFacets) = Half(first: true);
        var (secondDocs, secondFacets) = second.GetAwaiter().GetResult();
        firstFacets.Add(secondFacets);
        return (TopDocs.Merge(sort, numHits, [firstDocs, secondDocs]), firstFacets);
    }

    /// <summary>One leaf's matches from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive), in document order.</summary>
    private static void Score(Scorer? scorer, AtomicReaderContext leaf, int start, int end, ICollector collector)
    {
        if (scorer is null || start >= end)
        {
            return;
        }

        collector.SetNextReader(leaf);
        collector.SetScorer(scorer);
        var doc = start == 0 ? scorer.NextDoc() : scorer.Advance(start);
        while (doc < end)
        {
            collector.Collect(doc);
            doc = scorer.NextDoc();
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
            new StringField("id", id, Field.Store.NO),
            new SortedDocValuesField("id_sort", new BytesRef(id)),
            new TextField("name", e.Name, Field.Store.NO),
            new TextField("employer", e.EmployerName, Field.Store.NO),
            new TextField("bio", e.Bio, Field.Store.NO),
            SnippetText("name", e.Name),
            SnippetText("skills", string.Join("、", e.SkillNames)),
            SnippetText("labels", string.Join("、", new[] { e.TitleName, e.TierName, e.CityName }.Concat(e.ClusterNames).Where(s => s.Length > 0))),
            SnippetText("employer", e.EmployerName),
            SnippetText("bio", e.Bio),
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

        foreach (var label in new[] { e.TitleName, e.TierName, e.CityName }.Concat(e.ClusterNames).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal))
        {
            doc.Add(new StringField("label_kw", label, Field.Store.NO));
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

    /// <summary>The text a snippet is cut from, as doc values (see <see cref="SearchAsync"/>).</summary>
    private static BinaryDocValuesField SnippetText(string field, string text) => new("t_" + field, new BytesRef(text));

    private static SortedSetDocValuesField Facet(string dimension, string value) => new("f_" + dimension, new BytesRef(value));

    private static IEnumerable<string> Modes(ServiceModes modes) =>
        Enum.GetValues<ServiceModes>().Where(m => m != ServiceModes.None && modes.HasFlag(m)).Select(m => m.ToString());

    /// <summary>Everything that changes an answer, in a canonical order (filter values sorted, words as typed).</summary>
    private static string CacheKey(EngineerSearchQuery q, DateOnly today)
    {
        static string Set<T>(IEnumerable<T> values) => string.Join(",", values.Select(v => v!.ToString()).Order(StringComparer.Ordinal));
        return string.Join(
            "|",
            q.Text?.Trim() ?? "",
            q.MatchAnyWord ? "any" : "all",
            q.Snippets ? "s" : "",
            Set(q.Clusters),
            Set(q.Skills),
            Set(q.Cities),
            Set(q.Titles),
            q.MinTitle?.ToString() ?? "",
            Set(q.Tiers),
            Set(q.Modes),
            q.Available?.ToString() ?? "",
            today.DayNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
            q.Sort.ToString(),
            q.Page.ToString(System.Globalization.CultureInfo.InvariantCulture),
            q.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private (Query Query, HashSet<string> Terms) BuildTextQuery(string? text, bool anyWord, Vocabulary vocabulary, TermStates states)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        // A word typed twice asks nothing more than once.
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToArray();
        if (words.Length == 0)
        {
            return (new MatchAllDocsQuery(), terms);
        }

        var root = new BooleanQuery();
        foreach (var word in words)
        {
            // Every word must match somewhere: exactly as a skill name or code; inside a skill name or a label (title,
            // tier, city, cluster) — resolved against the index's small vocabulary of those names and searched as
            // keyword terms, which costs a fraction of a phrase query over every engineer; or as a phrase of its
            // analysed tokens in the free text (name, employer, bio).
            var any = new BooleanQuery
            {
                { states.Query("skill_kw", word, 4f), Occur.SHOULD },
                { states.Query("skill", word, 4f), Occur.SHOULD },
            };
            var tokens = Analyze(_queryAnalyzer, "bio", word);
            if (tokens.Count > 0)
            {
                terms.UnionWith(tokens.Select(t => t.Term));
                foreach (var skill in vocabulary.Containing(Vocabulary.Skills, tokens))
                {
                    if (skill != word)
                    {
                        any.Add(states.Query("skill_kw", skill, SkillsBoost), Occur.SHOULD);
                    }
                }

                foreach (var label in vocabulary.Containing(Vocabulary.Labels, tokens))
                {
                    any.Add(states.Query("label_kw", label, LabelsBoost), Occur.SHOULD);
                }

                // Retrieval for matching reads skills and labels only: the free text's phrase queries are most of a
                // many-word query's cost, and a bio that mentions a word is not a profile that has the skill.
                foreach (var (field, boost) in anyWord ? [] : FreeTextFields)
                {
                    any.Add(Phrase(states, field, tokens, boost), Occur.SHOULD);
                }
            }

            // Retrieval for matching takes an engineer who matches any word (a BooleanQuery of SHOULD clauses needs
            // one of them); a typed search needs every word.
            root.Add(any, anyWord ? Occur.SHOULD : Occur.MUST);
        }

        // One word: its disjunction alone rather than a conjunction of one clause around it.
        return (words.Length == 1 ? root.Clauses[0].Query : root, terms);
    }

    private static Query Phrase(TermStates states, string field, List<(string Term, int Position, int Start, int End)> tokens, float boost)
    {
        if (tokens.Count == 1)
        {
            return states.Query(field, tokens[0].Term, boost);
        }

        var phrase = new PhraseQuery { Boost = boost };
        foreach (var token in tokens)
        {
            phrase.Add(new Term(field, token.Term), token.Position);
        }

        return phrase;
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
    private string? Snippet(Func<string, string?> fieldText, HashSet<string> terms)
    {
        foreach (var field in TextFields)
        {
            var text = fieldText(field);
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

            if (first >= 0)
            {
                return SnippetWindow.Render(text, marked);
            }
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
    /// One segment's facet values as plain arrays, read once from its doc values and kept while the segment lives
    /// (segments never change; a deletion only hides documents, which the query already skips). Counting a hit is then
    /// a few array reads instead of doc-values decoding per document — that decoding was most of a search's time.
    /// </summary>
    private sealed class SegmentFacets
    {
        private static readonly ConditionalWeakTable<object, SegmentFacets> Cache = new();

        private SegmentFacets(AtomicReader reader)
        {
            var maxDoc = reader.MaxDoc;
            Starts = new int[SetFacets.Length][];
            Ords = new int[SetFacets.Length][];
            Labels = new string[SetFacets.Length][];
            for (var d = 0; d < SetFacets.Length; d++)
            {
                var values = reader.GetSortedSetDocValues("f_" + SetFacets[d]);
                var starts = new int[maxDoc + 1];
                var ords = new List<int>(maxDoc * 2);
                var labels = new string[values is null ? 0 : checked((int)values.ValueCount)];
                if (values is not null)
                {
                    var scratch = new BytesRef();
                    for (var ord = 0; ord < labels.Length; ord++)
                    {
                        values.LookupOrd(ord, scratch);
                        labels[ord] = scratch.Utf8ToString();
                    }

                    for (var doc = 0; doc < maxDoc; doc++)
                    {
                        starts[doc] = ords.Count;
                        values.SetDocument(doc);
                        long ord;
                        while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                        {
                            ords.Add((int)ord);
                        }
                    }
                }

                starts[maxDoc] = ords.Count;
                Starts[d] = starts;
                Ords[d] = [.. ords];
                Labels[d] = labels;
            }

            // Every dimension's ordinals of a document side by side, offset into one numbering, so counting a hit in
            // all dimensions is a single loop over one slice.
            DimensionOffsets = new int[SetFacets.Length + 1];
            for (var d = 0; d < SetFacets.Length; d++)
            {
                DimensionOffsets[d + 1] = DimensionOffsets[d] + Labels[d].Length;
            }

            PackedStarts = new int[maxDoc + 1];
            var packed = new int[Starts.Sum(st => st[maxDoc])];
            var at = 0;
            for (var doc = 0; doc < maxDoc; doc++)
            {
                PackedStarts[doc] = at;
                for (var d = 0; d < SetFacets.Length; d++)
                {
                    for (var k = Starts[d][doc]; k < Starts[d][doc + 1]; k++)
                    {
                        packed[at++] = DimensionOffsets[d] + Ords[d][k];
                    }
                }
            }

            PackedStarts[maxDoc] = at;
            Packed = packed;

            Hours = Numbers(reader, "hours", maxDoc);
            From = Numbers(reader, "from", maxDoc);
            Until = Numbers(reader, "until", maxDoc);
        }

        /// <summary>Per dimension (in <see cref="SetFacets"/> order): where each document's ordinals start in <see cref="Ords"/>.</summary>
        public int[][] Starts { get; }

        public int[][] Ords { get; }

        /// <summary>Per dimension, the value of each ordinal.</summary>
        public string[][] Labels { get; }

        /// <summary>Where each dimension's ordinals start in the shared numbering of <see cref="Packed"/>.</summary>
        public int[] DimensionOffsets { get; }

        public int[] PackedStarts { get; }

        public int[] Packed { get; }

        public int[] Hours { get; }

        public int[] From { get; }

        public int[] Until { get; }

        public bool IsAvailable(int doc, int today) => Hours[doc] > 0 && From[doc] <= today && Until[doc] >= today;

        public static SegmentFacets For(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => new SegmentFacets(reader));

        private static int[] Numbers(AtomicReader reader, string field, int maxDoc)
        {
            var result = new int[maxDoc];
            if (reader.GetNumericDocValues(field) is { } values)
            {
                for (var doc = 0; doc < maxDoc; doc++)
                {
                    result[doc] = (int)Math.Clamp(values.Get(doc), int.MinValue, int.MaxValue);
                }
            }

            return result;
        }
    }

    /// <summary>
    /// Where each query term sits in each segment (its <see cref="TermContext"/>), looked up once per searcher and
    /// kept while the searcher lives. Building a term query's weight otherwise opens a terms enumerator on every segment
    /// for every term — two thirds of the bytes a search allocated (about 400 KB at 100,000 engineers), for lookups
    /// whose answer cannot change until the next write opens a new searcher. Bounded: past the limit it starts over.
    /// </summary>
    private sealed class TermStates(IndexReaderContext top)
    {
        private const int MaxEntries = 50_000;
        private static readonly ConditionalWeakTable<IndexReader, TermStates> Cache = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Field, string Text), TermContext> _states = new();

        public static TermStates For(IndexSearcher searcher) => Cache.GetValue(searcher.IndexReader, _ => new TermStates(searcher.TopReaderContext));

        public TermQuery Query(string field, string text, float boost)
        {
            if (_states.Count >= MaxEntries)
            {
                _states.Clear();
            }

            var term = new Term(field, text);
            var state = _states.GetOrAdd((field, text), key => TermContext.Build(top, new Term(key.Field, key.Text)));
            return new TermQuery(term, state) { Boost = boost };
        }
    }

    /// <summary>
    /// The names a word can match inside — skill names and labels (title, tier, city, cluster names) — read from the
    /// keyword fields' terms once per searcher (a few hundred names), with their analysed tokens, so "液压" can be
    /// resolved to 液压系统设计 and 液压元件制造 by the same phrase rule the free text uses.
    /// </summary>
    private sealed class Vocabulary
    {
        public const int Skills = 0;
        public const int Labels = 1;

        private static readonly ConditionalWeakTable<IndexReader, Vocabulary> Cache = new();
        private readonly (string Name, HashSet<(string Term, int Position)> Tokens)[][] _names;

        private Vocabulary(IndexReader reader, Analyzer analyzer)
        {
            _names = [Read(reader, analyzer, "skill_kw"), Read(reader, analyzer, "label_kw")];
        }

        public static Vocabulary For(IndexReader reader, Analyzer indexAnalyzer) => Cache.GetValue(reader, r => new Vocabulary(r, indexAnalyzer));

        /// <summary>The names of one kind in which the query tokens occur as a phrase (same positions, same order).</summary>
        public IEnumerable<string> Containing(int kind, List<(string Term, int Position, int Start, int End)> query)
        {
            foreach (var (name, tokens) in _names[kind])
            {
                foreach (var (term, position) in tokens)
                {
                    if (term != query[0].Term)
                    {
                        continue;
                    }

                    var start = position - query[0].Position;
                    if (query.TrueForAll(t => tokens.Contains((t.Term, start + t.Position))))
                    {
                        yield return name;
                        break;
                    }
                }
            }
        }

        private static (string, HashSet<(string, int)>)[] Read(IndexReader reader, Analyzer analyzer, string field)
        {
            var names = new List<(string, HashSet<(string, int)>)>();
            var terms = MultiFields.GetTerms(reader, field);
            if (terms is null)
            {
                return [];
            }

            var iterator = terms.GetEnumerator();
            while (iterator.MoveNext())
            {
                var name = iterator.Term.Utf8ToString();
                names.Add((name, Analyze(analyzer, field, name).Select(t => (t.Term, t.Position)).ToHashSet()));
            }

            return [.. names];
        }
    }

    /// <summary>
    /// One dimension's filter: the facet values accepted (any of them), checked per document from the segment's facet
    /// arrays. <see cref="Sideways"/> filters get drill-sideways counts; the title floor is a plain filter.
    /// </summary>
    private sealed class FacetFilter(int dimension, HashSet<string>? values, bool sideways, bool? available = null)
    {
        /// <summary>Index into <see cref="SetFacets"/>, or -1 for availability.</summary>
        public int Dimension { get; } = dimension;

        public bool Sideways { get; } = sideways;

        public string Name => Dimension < 0 ? EngineerFacets.Availability : SetFacets[Dimension];

        private bool[] _accepted = [];

        public static List<FacetFilter> From(EngineerSearchQuery q)
        {
            var filters = new List<FacetFilter>();
            void Add(string dimension, IEnumerable<string> values)
            {
                var set = values.ToHashSet(StringComparer.Ordinal);
                if (set.Count > 0)
                {
                    filters.Add(new FacetFilter(Array.IndexOf(SetFacets, dimension), set, sideways: true));
                }
            }

            if (q.MinTitle is { } minTitle)
            {
                filters.Add(new FacetFilter(
                    Array.IndexOf(SetFacets, EngineerFacets.Title),
                    Enum.GetValues<ProfessionalTitle>().Where(t => t >= minTitle).Select(t => t.ToString()).ToHashSet(StringComparer.Ordinal),
                    sideways: false));
            }

            Add(EngineerFacets.Cluster, q.Clusters);
            Add(EngineerFacets.Skill, q.Skills);
            Add(EngineerFacets.City, q.Cities);
            Add(EngineerFacets.Title, q.Titles.Select(t => t.ToString()));
            Add(EngineerFacets.Tier, q.Tiers.Select(t => t.ToString()));
            Add(EngineerFacets.ServiceMode, q.Modes.SelectMany(Modes));
            if (q.Available is { } available)
            {
                filters.Add(new FacetFilter(-1, null, sideways: true, available));
            }

            return filters;
        }

        public void SetSegment(SegmentFacets segment)
        {
            if (Dimension >= 0)
            {
                _accepted = Array.ConvertAll(segment.Labels[Dimension], values!.Contains);
            }
        }

        public bool Accepts(SegmentFacets segment, int doc, int today)
        {
            if (Dimension < 0)
            {
                return segment.IsAvailable(doc, today) == available;
            }

            var starts = segment.Starts[Dimension];
            var ords = segment.Ords[Dimension];
            for (var k = starts[doc]; k < starts[doc + 1]; k++)
            {
                if (_accepted[ords[k]])
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Drill sideways in one pass over the text's matches. A document passing every filter is a hit: it goes to the
    /// page collector and counts in every dimension. A document failing exactly one sideways filter counts only in
    /// that filter's dimension — which is what ticking another value there would add. Counting is per segment by
    /// ordinal (an array increment per value, from <see cref="SegmentFacets"/>), resolved to strings at the segment's end.
    /// </summary>
    private sealed class FacetCollector : ICollector
    {
        private readonly int _today;
        private readonly FacetFilter[] _hard;
        private readonly FacetFilter[] _sideways;
        private readonly int[] _sidewaysDimension;
        private readonly Dictionary<string, int>[] _counts;
        private readonly int[] _availability = new int[2];
        private ICollector _hits = null!;
        private SegmentFacets? _segment;
        private int[] _packedCounts = [];

        private FacetCollector(int today, List<FacetFilter> filters)
        {
            _today = today;
            _hard = filters.Where(f => !f.Sideways).ToArray();
            _sideways = filters.Where(f => f.Sideways).ToArray();
            _sidewaysDimension = _sideways.Select(f => f.Dimension).ToArray();
            _counts = SetFacets.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        }

        /// <summary>A collector with filters of its own: a filter keeps per-segment state, so collectors running at once never share one.</summary>
        public static FacetCollector For(int today, EngineerSearchQuery query) => new(today, FacetFilter.From(query));

        /// <summary>The page collector that receives the documents passing every filter.</summary>
        public void Wrap(ICollector hits) => _hits = hits;

        /// <summary>Adds the counts of a collector that ran over another part of the index.</summary>
        public void Add(FacetCollector other)
        {
            Flush();
            other.Flush();
            Hits += other.Hits;
            _availability[0] += other._availability[0];
            _availability[1] += other._availability[1];
            for (var d = 0; d < SetFacets.Length; d++)
            {
                foreach (var (value, count) in other._counts[d])
                {
                    _counts[d][value] = _counts[d].GetValueOrDefault(value) + count;
                }
            }
        }

        /// <summary>Documents that passed every filter.</summary>
        public int Hits { get; private set; }

        // In document order: Lucene.NET's out-of-order BooleanScorer allocates a bucket table per segment per search,
        // and measured slower here (p95 6–7 ms against 5.2 ms at 100,000 engineers) than scoring in order.
        public bool AcceptsDocsOutOfOrder => false;

        public void SetScorer(Scorer scorer) => _hits.SetScorer(scorer);

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            _hits.SetNextReader(context);
            var segment = SegmentFacets.For(context.AtomicReader);
            foreach (var filter in _hard.Concat(_sideways))
            {
                filter.SetSegment(segment);
            }

            _packedCounts = new int[segment.DimensionOffsets[^1]];
            _segment = segment;
        }

        public void Collect(int doc)
        {
            var segment = _segment!;
            foreach (var filter in _hard)
            {
                if (!filter.Accepts(segment, doc, _today))
                {
                    return;
                }
            }

            var failed = -1;
            for (var i = 0; i < _sideways.Length; i++)
            {
                if (!_sideways[i].Accepts(segment, doc, _today))
                {
                    if (failed >= 0)
                    {
                        return;
                    }

                    failed = i;
                }
            }

            if (failed < 0)
            {
                Hits++;
                _hits.Collect(doc);
                var packed = segment.Packed;
                var counts = _packedCounts;
                for (var k = segment.PackedStarts[doc]; k < segment.PackedStarts[doc + 1]; k++)
                {
                    counts[packed[k]]++;
                }

                _availability[segment.IsAvailable(doc, _today) ? 0 : 1]++;
            }
            else if (_sidewaysDimension[failed] is var dimension && dimension >= 0)
            {
                Count(segment, dimension, doc);
            }
            else
            {
                _availability[segment.IsAvailable(doc, _today) ? 0 : 1]++;
            }
        }

        public Dictionary<string, IReadOnlyList<FacetCount>> Result()
        {
            Flush();
            var result = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal);
            for (var d = 0; d < SetFacets.Length; d++)
            {
                result[SetFacets[d]] = _counts[d]
                    .OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal)
                    .Select(v => new FacetCount(v.Key, v.Value)).ToList();
            }

            result[EngineerFacets.Availability] = new[]
                {
                    new FacetCount(EngineerFacets.AvailableNow, _availability[0]),
                    new FacetCount(EngineerFacets.NotAvailableNow, _availability[1]),
                }
                .Where(c => c.Count > 0).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).ToList();
            return result;
        }

        private void Count(SegmentFacets segment, int dimension, int doc)
        {
            var starts = segment.Starts[dimension];
            var ords = segment.Ords[dimension];
            var offset = segment.DimensionOffsets[dimension];
            for (var k = starts[doc]; k < starts[doc + 1]; k++)
            {
                _packedCounts[offset + ords[k]]++;
            }
        }

        private void Flush()
        {
            if (_segment is not { } segment)
            {
                return;
            }

            for (var d = 0; d < SetFacets.Length; d++)
            {
                var labels = segment.Labels[d];
                var offset = segment.DimensionOffsets[d];
                var counts = _counts[d];
                for (var ord = 0; ord < labels.Length; ord++)
                {
                    if (_packedCounts[offset + ord] is var n and > 0)
                    {
                        counts[labels[ord]] = counts.GetValueOrDefault(labels[ord]) + n;
                    }
                }
            }

            _segment = null;
        }
    }
}
