using Marketplace.Application.Engineers.Search;
using Marketplace.Domain.Engineers;
using static Marketplace.IntegrationTests.Search.ContractEngineers;

namespace Marketplace.IntegrationTests.Search;

/// <summary>
/// What every <see cref="IEngineerSearch"/> adapter promises, at the port: one suite, run against each adapter by a
/// subclass that supplies a fresh, empty engine. Expected answers come from the hand-written engineers in
/// <see cref="ContractEngineers"/>. Facts are skippable because an adapter whose server is not configured reports
/// "skipped, and why" rather than passing without running (see the Elasticsearch subclass).
/// </summary>
public abstract class EngineerSearchContract : IAsyncLifetime
{
    private static readonly EngineerSearchQuery All100 = new() { Today = ContractEngineers.Today, Size = 100 };

    /// <summary>A fresh, empty engine for one test; the subclass disposes it (and whatever it created) in <see cref="DisposeAsync"/>.</summary>
    protected abstract Task<IEngineerSearch> CreateEmptyAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public abstract Task DisposeAsync();

    private async Task<IEngineerSearch> IndexedAsync()
    {
        var search = await CreateEmptyAsync();
        await search.IndexAsync(All);
        return search;
    }

    private static EngineerSearchQuery Text(string text) => All100 with { Text = text };

    private static List<Guid> Ids(EngineerSearchResult result) => result.Hits.Select(h => h.Id).ToList();

    private static List<EngineerSearchDocument> Docs(IEnumerable<Guid> ids)
    {
        var byId = ContractEngineers.All.ToDictionary(e => e.Id);
        return ids.Select(id => byId[id]).ToList();
    }

    private static Dictionary<string, int> Facet(EngineerSearchResult result, string dimension) =>
        result.Facets[dimension].ToDictionary(f => f.Value, f => f.Count, StringComparer.Ordinal);

    /// <summary>Assert.Equal on id lists with a label, so a failing case in a loop says which one.</summary>
    private static void Same(string label, IEnumerable<Guid> expected, IEnumerable<Guid> actual) =>
        Assert.Equal($"{label}: {string.Join(",", expected.Select(Number))}", $"{label}: {string.Join(",", actual.Select(Number))}");

    private static void Same(string label, Dictionary<string, int> expected, Dictionary<string, int> actual) =>
        Assert.Equal(
            $"{label}: {string.Join(",", expected.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}",
            $"{label}: {string.Join(",", actual.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}");

    private static string Number(Guid id) => int.Parse(id.ToString()[24..], System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task Counts_what_was_indexed()
    {
        var search = await IndexedAsync();
        Assert.Equal(All.Count, await search.CountAsync());
        var everything = await search.SearchAsync(All100);
        Assert.Equal(All.Count, everything.Total);

        // No text, no sort key but relevance: every score ties, so the order is the id order.
        Same("match all", All.Select(e => e.Id), Ids(everything));
        Assert.All(everything.Hits, h => Assert.Null(h.Snippet));
    }

    [SkippableTheory]
    [InlineData("液压")]
    [InlineData("液压系统设计")]
    [InlineData("轨道")]
    [InlineData("轨道交通")]
    [InlineData("焊")]
    [InlineData("焊接")]
    [InlineData("数控")]
    [InlineData("工程机械")]
    public async Task Chinese_words_find_exactly_the_engineers_whose_text_holds_them(string word)
    {
        var search = await IndexedAsync();
        var result = await search.SearchAsync(Text(word));
        var expected = Matching(word);
        Assert.NotEmpty(expected);
        Same(word, expected, Ids(result).Order());
        Assert.Equal(expected.Count, result.Total);
        Assert.All(result.Hits, h => Assert.Contains("<mark>", h.Snippet, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task The_obvious_answers_hold()
    {
        var search = await IndexedAsync();

        // 液压 finds every 液压系统设计 engineer (skill) and the bios and employers that say 液压.
        var hydraulic = Ids(await search.SearchAsync(Text("液压"))).ToHashSet();
        Assert.Superset(Where(e => e.SkillCodes.Contains("cm-hydraulic-system-design")).ToHashSet(), hydraulic);
        Assert.Contains(Id(27), hydraulic); // 宜昌液压件厂, 液压元件装配工艺

        // 轨道 finds 轨道交通; "轨道，交通" (two words) is not 轨道交通.
        Assert.Contains(Id(5), Ids(await search.SearchAsync(Text("轨道"))));
        var rail = Ids(await search.SearchAsync(Text("轨道交通")));
        Assert.Contains(Id(6), rail);
        Assert.DoesNotContain(Id(16), rail);

        // One character: 焊 finds 焊接.
        Assert.Superset(Where(e => e.SkillCodes.Contains("cm-welding")).ToHashSet(), Ids(await search.SearchAsync(Text("焊"))).ToHashSet());
    }

    [SkippableTheory]
    [InlineData("计焊")] // 液压系统设计、焊接工艺: the two skills meet at 、
    [InlineData("沙交")] // 常驻长沙 交通便利: a space between
    [InlineData("市工")] // labels 长沙市、工程机械
    [InlineData("道交通组")] // 轨道，交通组织
    public async Task Characters_either_side_of_a_word_boundary_are_not_a_word(string text)
    {
        var search = await IndexedAsync();
        var result = await search.SearchAsync(Text(text));
        Assert.Empty(result.Hits);
        Assert.Equal(0, result.Total);
    }

    [SkippableFact]
    public async Task Every_word_must_match()
    {
        var search = await IndexedAsync();
        var both = await search.SearchAsync(Text("液压 长沙"));
        var expected = Matching("液压 长沙");
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < Matching("液压").Count);
        Same("液压 长沙", expected, Ids(both).Order());

        Same("焊接 武汉市 工程师", Matching("焊接 武汉市 工程师"), Ids(await search.SearchAsync(Text("焊接 武汉市 工程师"))).Order());
        Assert.Empty((await search.SearchAsync(Text("液压 电路板"))).Hits);
    }

    [SkippableFact]
    public async Task Retrieval_for_matching_takes_any_word_and_ranks_more_matched_words_higher()
    {
        var search = await IndexedAsync();
        var any = await search.SearchAsync(Text("液压 电路板") with { MatchAnyWord = true, Snippets = false });
        var expected = MatchingAnyKeyword("液压 电路板").Order().ToList();
        Assert.True(expected.Count > MatchingAnyKeyword("液压").Count);
        // Skills and labels only: a bio that mentions a word does not make a candidate (matching reads the profile).
        Assert.Contains(Matching("液压"), id => !expected.Contains(id));
        Same("液压 | 电路板", expected, Ids(any).Order());
        Assert.Equal(expected.Count, any.Total);
        Assert.All(any.Hits, h => Assert.Null(h.Snippet));

        // An engineer matching both words outscores every one matching only one of them.
        var ranked = await search.SearchAsync(Text("液压 长沙") with { MatchAnyWord = true });
        var both = MatchingAnyKeyword("液压").Intersect(MatchingAnyKeyword("长沙")).ToHashSet();
        Assert.NotEmpty(both);
        var scores = ranked.Hits.ToDictionary(h => h.Id, h => h.Score);
        Assert.True(both.Min(id => scores[id]) > scores.Where(p => !both.Contains(p.Key)).Max(p => p.Value));
    }

    [SkippableFact]
    public async Task Exact_skill_names_and_codes_match_as_keywords()
    {
        var search = await IndexedAsync();
        Same("code", Where(e => e.SkillCodes.Contains("cm-hydraulic-system-design")), Ids(await search.SearchAsync(Text("cm-hydraulic-system-design"))).Order());
        Assert.Superset(Where(e => e.SkillNames.Contains("PLC编程")).ToHashSet(), Ids(await search.SearchAsync(Text("PLC编程"))).ToHashSet());
        Assert.Empty((await search.SearchAsync(Text("cm-hydraulic"))).Hits);
    }

    [SkippableFact]
    public async Task Facets_count_the_hits_when_their_dimension_is_not_filtered()
    {
        var search = await IndexedAsync();
        foreach (var query in new[] { All100, Text("液压"), Text("工程师"), All100 with { MinTitle = ProfessionalTitle.SeniorEngineer } })
        {
            var result = await search.SearchAsync(query);
            var hits = query.MinTitle is { } min
                ? ContractEngineers.All.Where(e => e.Title >= min).ToList()
                : Docs(query.Text is null ? All.Select(e => e.Id) : Matching(query.Text));
            Assert.Equal(hits.Count, result.Total);
            Assert.Equal(EngineerFacets.All.Order(StringComparer.Ordinal), result.Facets.Keys.Order(StringComparer.Ordinal));
            foreach (var dimension in EngineerFacets.All)
            {
                Same($"{query.Text}/{query.MinTitle}/{dimension}", Counts(hits, dimension), Facet(result, dimension));
            }

            // Single-valued dimensions add up to the hit count.
            foreach (var dimension in new[] { EngineerFacets.City, EngineerFacets.Title, EngineerFacets.Tier, EngineerFacets.Availability })
            {
                Assert.Equal(result.Total, result.Facets[dimension].Sum(f => f.Count));
            }

            // Most engineers first, then by value: the same list order from every adapter.
            foreach (var values in result.Facets.Values)
            {
                Assert.Equal(values.OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal), values);
            }
        }
    }

    [SkippableFact]
    public async Task A_filtered_dimension_counts_sideways()
    {
        var search = await IndexedAsync();
        var queries = new[]
        {
            All100 with { Cities = ["430100"] },
            All100 with { Cities = ["430100", "420100"], Modes = [ServiceModes.Project] },
            Text("焊接") with { Available = true },
            All100 with { Skills = ["cm-welding"], Tiers = [ExcellenceTier.None], Clusters = ["cm", "auto"] },
            Text("工程师") with { Titles = [ProfessionalTitle.Engineer], MinTitle = ProfessionalTitle.AssistantEngineer, Available = false },
        };
        foreach (var query in queries)
        {
            var result = await search.SearchAsync(query);
            var filtered = query.FilteredDimensions().ToHashSet();
            foreach (var dimension in EngineerFacets.All)
            {
                // The counts of the query without this dimension's own filter (for an unfiltered one: the hits).
                var sideways = await search.SearchAsync(query.Without(dimension) with { Size = 100 });
                var expected = Counts(Docs(Ids(sideways)), dimension);
                Same($"{dimension} of {string.Join("+", filtered)}", expected, Facet(result, dimension));
                Same($"{dimension} (engine's own count)", Facet(sideways, dimension), Facet(result, dimension));
                if (!filtered.Contains(dimension))
                {
                    Same($"{dimension} over the hits", Counts(Docs(Ids(result)), dimension), Facet(result, dimension));
                }
            }
        }

        // Ticking 长沙 still shows what 武汉 would add.
        var changsha = await search.SearchAsync(All100 with { Cities = ["430100"] });
        Assert.Equal(All.Count(e => e.CityCode == "420100"), Facet(changsha, EngineerFacets.City)["420100"]);
        Assert.Equal(All.Count(e => e.CityCode == "430100"), changsha.Total);
    }

    [SkippableFact]
    public async Task Every_filter_selects_what_it_says()
    {
        var search = await IndexedAsync();
        var cases = new (string Label, EngineerSearchQuery Query, Func<EngineerSearchDocument, bool> Expected)[]
        {
            ("cluster", All100 with { Clusters = ["rail"] }, e => e.ClusterCodes.Contains("rail")),
            ("clusters (any)", All100 with { Clusters = ["rail", "elec"] }, e => e.ClusterCodes.Contains("rail") || e.ClusterCodes.Contains("elec")),
            ("skill", All100 with { Skills = ["cm-welding"] }, e => e.SkillCodes.Contains("cm-welding")),
            ("skills (any)", All100 with { Skills = ["auto-plc", "auto-robot"] }, e => e.SkillCodes.Contains("auto-plc") || e.SkillCodes.Contains("auto-robot")),
            ("city", All100 with { Cities = ["420500"] }, e => e.CityCode == "420500"),
            ("cities (any)", All100 with { Cities = ["420500", "430200"] }, e => e.CityCode is "420500" or "430200"),
            ("title", All100 with { Titles = [ProfessionalTitle.SeniorEngineer] }, e => e.Title == ProfessionalTitle.SeniorEngineer),
            ("titles (any)", All100 with { Titles = [ProfessionalTitle.Engineer, ProfessionalTitle.AssistantEngineer] }, e => e.Title is ProfessionalTitle.Engineer or ProfessionalTitle.AssistantEngineer),
            ("min title", All100 with { MinTitle = ProfessionalTitle.SeniorEngineer }, e => e.Title >= ProfessionalTitle.SeniorEngineer),
            ("tier", All100 with { Tiers = [ExcellenceTier.NationalLeading] }, e => e.Tier == ExcellenceTier.NationalLeading),
            ("tier none", All100 with { Tiers = [ExcellenceTier.None] }, e => e.Tier == ExcellenceTier.None),
            ("tiers (any)", All100 with { Tiers = [ExcellenceTier.ProvincialLeading, ExcellenceTier.ProvincialYoung] }, e => e.Tier is ExcellenceTier.ProvincialLeading or ExcellenceTier.ProvincialYoung),
            ("mode", All100 with { Modes = [ServiceModes.Advisory] }, e => e.ServiceModes.HasFlag(ServiceModes.Advisory)),
            ("modes (any)", All100 with { Modes = [ServiceModes.Project, ServiceModes.PartTime] }, e => (e.ServiceModes & (ServiceModes.Project | ServiceModes.PartTime)) != 0),
            ("available", All100 with { Available = true }, IsAvailable),
            ("not available", All100 with { Available = false }, e => !IsAvailable(e)),
            ("city + skill + available", All100 with { Cities = ["430100"], Skills = ["cm-welding"], Available = true },
                e => e.CityCode == "430100" && e.SkillCodes.Contains("cm-welding") && IsAvailable(e)),
            ("cluster + min title + mode", All100 with { Clusters = ["cm"], MinTitle = ProfessionalTitle.Engineer, Modes = [ServiceModes.Project] },
                e => e.ClusterCodes.Contains("cm") && e.Title >= ProfessionalTitle.Engineer && e.ServiceModes.HasFlag(ServiceModes.Project)),
            ("text + city", Text("焊接") with { Cities = ["420100"] }, e => e.CityCode == "420100" && Matching("焊接").Contains(e.Id)),
        };

        foreach (var (label, query, expected) in cases)
        {
            var result = await search.SearchAsync(query);
            var ids = Where(expected);
            Assert.NotEmpty(ids);
            if (query.Text is null)
            {
                // Filters carry no score: the order is the id tie-break.
                Same(label, ids, Ids(result));
            }
            else
            {
                Same(label, ids, Ids(result).Order());
            }

            Assert.Equal(ids.Count, result.Total);
        }

        // The availability edges, on the fixed day: from today counts, until today counts, no hours never does.
        Assert.True(IsAvailable(All[18]) && IsAvailable(All[17]) && !IsAvailable(All[7]) && !IsAvailable(All[22]) && !IsAvailable(All[3]));
    }

    [SkippableFact]
    public async Task Sorts_by_rating_and_experience_with_the_id_as_last_key()
    {
        var search = await IndexedAsync();
        var byRating = await search.SearchAsync(All100 with { Sort = EngineerSearchSort.Rating });
        Same("rating", All.OrderByDescending(e => Math.Round(e.RatingAverage * 100m)).ThenBy(e => e.Id).Select(e => e.Id), Ids(byRating));

        var byYears = await search.SearchAsync(All100 with { Sort = EngineerSearchSort.Experience });
        Same("experience", All.OrderByDescending(e => e.YearsOfPractice).ThenBy(e => e.Id).Select(e => e.Id), Ids(byYears));

        // With text, the score is the second key: equal ratings fall back to relevance, then to the id.
        var docs = All.ToDictionary(e => e.Id);
        var withText = (await search.SearchAsync(Text("焊接") with { Sort = EngineerSearchSort.Rating })).Hits;
        var scored = ReportsScores(withText);
        for (var i = 1; i < withText.Count; i++)
        {
            var (a, b) = (withText[i - 1], withText[i]);
            var (ra, rb) = (docs[a.Id].RatingAverage, docs[b.Id].RatingAverage);
            Assert.True(ra > rb || (ra == rb && (!scored || a.Score > b.Score || (a.Score == b.Score && a.Id.CompareTo(b.Id) < 0))), $"{Number(a.Id)} before {Number(b.Id)}");
        }
    }

    /// <summary>
    /// Whether the adapter reported scores with these hits. The order is the contract; the score values are checked
    /// only when given (the Lucene adapter currently collects sorted hits without their scores, so reports 0).
    /// </summary>
    private static bool ReportsScores(IReadOnlyList<EngineerSearchHit> hits) => hits.Any(h => h.Score != 0);

    [SkippableFact]
    public async Task Relevance_ranks_by_score_and_breaks_ties_by_id()
    {
        var search = await IndexedAsync();
        var hits = (await search.SearchAsync(Text("数控"))).Hits;
        Same("数控", Matching("数控"), hits.Select(h => h.Id).Order());
        for (var i = 1; i < hits.Count && ReportsScores(hits); i++)
        {
            Assert.True(hits[i - 1].Score > hits[i].Score || (hits[i - 1].Score == hits[i].Score && hits[i - 1].Id.CompareTo(hits[i].Id) < 0),
                $"{Number(hits[i - 1].Id)} ({hits[i - 1].Score}) before {Number(hits[i].Id)} ({hits[i].Score})");
        }

        // 12, 13 and 14 differ only in their names: the same score, so in id order, next to each other.
        var twins = hits.Select((h, i) => (h, i)).Where(x => x.h.Id == Id(12) || x.h.Id == Id(13) || x.h.Id == Id(14)).ToList();
        Assert.Equal([Id(12), Id(13), Id(14)], twins.Select(x => x.h.Id));
        Assert.Equal(twins[0].i + 2, twins[2].i);
        Assert.Single(twins.Select(x => x.h.Score).Distinct());

        // Whatever the scores, a hit in the skills field and the bio outranks a hit in the bio alone (15: bio only).
        var order = hits.Select(h => h.Id).ToList();
        Assert.True(order.IndexOf(Id(12)) < order.IndexOf(Id(15)), string.Join(",", order.Select(Number)));

        Assert.Equal([Id(1)], Ids(await search.SearchAsync(Text("王建国"))));
    }

    [SkippableFact]
    public async Task Pages_concatenate_to_the_whole_ordered_list()
    {
        var search = await IndexedAsync();
        foreach (var sort in Enum.GetValues<EngineerSearchSort>())
        {
            foreach (var text in new string?[] { null, "工程师" })
            {
                var query = All100 with { Text = text, Sort = sort };
                var whole = await search.SearchAsync(query);
                var seen = new List<Guid>();
                for (var page = 1; page < 20; page++)
                {
                    var result = await search.SearchAsync(query with { Page = page, Size = 7 });
                    Assert.Equal(whole.Total, result.Total);
                    if (result.Hits.Count == 0)
                    {
                        break;
                    }

                    Assert.True(result.Hits.Count <= 7);
                    seen.AddRange(Ids(result));
                }

                Same($"{sort}/{text}", Ids(whole), seen);
                Assert.Equal(seen.Count, seen.Distinct().Count());
                Assert.Equal(whole.Total, seen.Count);
            }
        }
    }

    public static TheoryData<string> Syntax() => new(
        new[] { "+", "-", "&", "|", "!", "(", ")", "{", "}", "[", "]", "^", "\"", "~", "*", "?", ":", "\\", "/" }
            .Append("+-&|!(){}[]^\"~*?:\\/").Append("title:(a OR b)").Append("AND").Append("<script>").Append("焊接 OR").Append("&&").Append("||"));

    [SkippableTheory]
    [MemberData(nameof(Syntax))]
    public async Task Query_syntax_in_the_text_is_matched_literally(string text)
    {
        var search = await IndexedAsync();

        // None of the engineers says any of these, so nothing is found: no syntax error, no wildcard, no "match all".
        var alone = await search.SearchAsync(Text(text));
        Assert.Equal(0, alone.Total);

        // Next to a real word the syntax is punctuation: it neither breaks the query nor widens it.
        if (!text.Any(char.IsLetter))
        {
            var attached = await search.SearchAsync(Text("液压" + text));
            Same("液压" + text, Matching("液压"), Ids(attached).Order());
        }
    }

    [SkippableFact]
    public async Task Syntax_and_html_in_the_data_are_found_as_words_and_escaped_in_snippets()
    {
        var search = await IndexedAsync();
        var id = Id(99);
        var document = E(99, "测试工程师", "擅长 title:(a OR b) 语法 <script>alert('x')</script> 与 <b>焊接</b> 机器人调试 & 标定", "长沙<测试>公司",
            ProfessionalTitle.Engineer, ExcellenceTier.None, "430100", ["cm"], [], ServiceModes.Project, 10, null, null, 3, 0m);
        await search.IndexAsync([document]);
        foreach (var text in new[] { "title:(a OR b)", "<script>", "焊接 机器人", "alert", "标定" })
        {
            var result = await search.SearchAsync(Text(text));
            var hit = Assert.Single(result.Hits, h => h.Id == id);
            Assert.NotNull(hit.Snippet);
            Assert.Contains("<mark>", hit.Snippet, StringComparison.Ordinal);
            var withoutMarks = hit.Snippet!.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal);
            Assert.DoesNotContain('<', withoutMarks);
            Assert.DoesNotContain('>', withoutMarks);
            Assert.Contains("&lt;script&gt;", withoutMarks, StringComparison.Ordinal);
            Assert.Contains("&lt;b&gt;", withoutMarks, StringComparison.Ordinal);
        }

        var welding = (await search.SearchAsync(Text("焊接"))).Hits.Single(h => h.Id == id).Snippet;
        Assert.Contains("&lt;b&gt;<mark>焊接</mark>&lt;/b&gt;", welding, StringComparison.Ordinal);
        Assert.Contains("&amp; 标定", welding, StringComparison.Ordinal);

        // A long field is cut to a window around the first match, still escaped and marked.
        var longBio = E(98, "长文", string.Concat(Enumerable.Repeat("<i>铸造</i>工艺，", 40)) + "最后提到液氮深冷处理。", "x",
            ProfessionalTitle.Engineer, ExcellenceTier.None, "430100", [], [], ServiceModes.Project, 10, null, null, 3, 0m);
        await search.IndexAsync([longBio]);
        var cut = Assert.Single((await search.SearchAsync(Text("液氮"))).Hits).Snippet!;
        Assert.StartsWith("…", cut, StringComparison.Ordinal);
        Assert.Contains("<mark>液氮</mark>", cut, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", cut, StringComparison.Ordinal);
        Assert.True(cut.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Length < 200, cut);
    }

    [SkippableFact]
    public async Task Indexing_an_engineer_again_replaces_them()
    {
        var search = await IndexedAsync();
        EngineerSearchDocument Version(int n) => E(99, "并发测试", $"第{n}版简介 数字孪生", "测试单位", ProfessionalTitle.Engineer,
            ExcellenceTier.None, "430100", [], [], ServiceModes.None, 0, null, null, n, 0m);
        await search.IndexAsync([Version(1)]);
        Assert.Equal([Id(99)], Ids(await search.SearchAsync(Text("第1版"))));
        await search.IndexAsync([Version(2)]);
        Assert.Empty((await search.SearchAsync(Text("第1版"))).Hits);
        Assert.Equal([Id(99)], Ids(await search.SearchAsync(Text("第2版"))));
        Assert.Equal(All.Count + 1, await search.CountAsync());

        // A changed profile is searched by its new values: 李明 moves to 宜昌 and learns 数控加工.
        var moved = All[1] with { CityCode = "420500", CityName = "宜昌市", SkillCodes = ["cm-cnc"], SkillNames = ["数控加工"] };
        await search.IndexAsync([moved]);
        Assert.Contains(Id(2), Ids(await search.SearchAsync(All100 with { Cities = ["420500"], Skills = ["cm-cnc"] })));
        Assert.DoesNotContain(Id(2), Ids(await search.SearchAsync(Text("液压系统设计"))));
        Assert.Equal(All.Count + 1, await search.CountAsync());
    }

    [SkippableFact]
    public async Task Searches_run_safely_while_the_index_is_written()
    {
        var search = await IndexedAsync();
        EngineerSearchDocument Version(int n) => E(99, "并发测试", $"第{n}版简介 数字孪生", "测试单位", ProfessionalTitle.Engineer,
            ExcellenceTier.None, "430100", [], [], ServiceModes.None, 0, null, null, n, 0m);
        const int Writes = 10;
        var writes = Task.Run(async () =>
        {
            for (var n = 0; n < Writes; n++)
            {
                await search.IndexAsync([Version(n)]);
            }
        });
        var reads = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                var result = await search.SearchAsync(Text("数字孪生"));
                Assert.True(result.Hits.Count(h => h.Id == Id(99)) <= 1);
            }
        })).ToList();
        await Task.WhenAll(reads.Append(writes));

        // Updates replace, never duplicate; the last write is what is found.
        Assert.Equal([Id(99)], Ids(await search.SearchAsync(Text($"第{Writes - 1}版"))));
        Assert.Equal(All.Count + 1, await search.CountAsync());
    }

    [SkippableFact]
    public async Task Deleting_an_engineer_removes_them()
    {
        var search = await IndexedAsync();
        await search.DeleteAsync(Id(1));
        Assert.Equal(All.Count - 1, await search.CountAsync());
        Assert.DoesNotContain(Id(1), Ids(await search.SearchAsync(Text("液压"))));
        Assert.DoesNotContain(Id(1), Ids(await search.SearchAsync(All100)));
        Assert.Equal(All.Count(e => e.CityCode == "430100") - 1, Facet(await search.SearchAsync(All100), EngineerFacets.City)["430100"]);

        // Deleting someone who is not there is not an error.
        await search.DeleteAsync(Id(1));
        await search.DeleteAsync(Guid.NewGuid());
        Assert.Equal(All.Count - 1, await search.CountAsync());
    }

    [SkippableFact]
    public async Task Rebuilding_replaces_the_whole_set()
    {
        var search = await IndexedAsync();
        var reports = new List<int>();
        var newcomer = E(50, "新人", "数字孪生与液压仿真。", "新公司", ProfessionalTitle.Engineer, ExcellenceTier.None, "430100", ["cm"], [], ServiceModes.Project, 10, null, null, 2, 4m);
        await search.RebuildAsync(Stream(All.Take(5).Append(newcomer)), new SyncProgress(reports.Add));
        Assert.Equal(6, await search.CountAsync());
        Assert.Equal(6, reports.LastOrDefault());
        var everything = await search.SearchAsync(All100);
        Same("after rebuild", [Id(1), Id(2), Id(3), Id(4), Id(5), Id(50)], Ids(everything));
        Assert.Empty((await search.SearchAsync(Text("数控"))).Hits);
        Assert.Equal([Id(50)], Ids(await search.SearchAsync(Text("液压仿真"))));

        // And to nothing; then writes go on as usual.
        await search.RebuildAsync(Stream([]));
        Assert.Equal(0, await search.CountAsync());
        Assert.Equal(0, (await search.SearchAsync(All100)).Total);
        await search.IndexAsync([All[0]]);
        Assert.Equal(1, await search.CountAsync());
    }

    private static async IAsyncEnumerable<EngineerSearchDocument> Stream(IEnumerable<EngineerSearchDocument> documents)
    {
        foreach (var document in documents)
        {
            await Task.Yield();
            yield return document;
        }
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
