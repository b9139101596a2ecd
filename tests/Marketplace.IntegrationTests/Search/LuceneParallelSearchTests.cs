using Marketplace.Application.Engineers.Search;
using Marketplace.Domain.Engineers;
using Marketplace.Infrastructure.Search;

namespace Marketplace.IntegrationTests.Search;

/// <summary>
/// A search scored as two halves on two threads must answer exactly what the single pass answers: the same page in the
/// same order with the same scores and snippets, the same total and the same (sideways) facet counts. Two indexes
/// receive the same generated engineers in the same batches (so the same segments); one scores every search in halves,
/// the other never does, and a few hundred varied searches are compared.
/// </summary>
public sealed class LuceneParallelSearchTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private readonly List<(LuceneEngineerSearch Search, string Path)> _created = [];

    [Fact]
    public async Task Searches_in_two_halves_answer_what_the_single_pass_answers()
    {
        var parallel = Create(parallelMinMatches: 0);
        var single = Create(parallelMinMatches: long.MaxValue);
        var engineers = Generate(3_000, new Random(20261123));
        foreach (var batch in engineers.Chunk(500))
        {
            await parallel.IndexAsync(batch);
            await single.IndexAsync(batch);
        }

        async Task<bool> CompareAsync(EngineerSearchQuery query)
        {
            var expected = await single.SearchAsync(query);
            var actual = await parallel.SearchAsync(query);
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(
                expected.Hits.Select(h => (h.Id, h.Score, h.Snippet)),
                actual.Hits.Select(h => (h.Id, h.Score, h.Snippet)));
            Assert.Equal(expected.Facets.Keys.Order(), actual.Facets.Keys.Order());
            foreach (var (dimension, counts) in expected.Facets)
            {
                Assert.Equal(counts, actual.Facets[dimension]);
            }

            return expected.Total > 0;
        }

        var random = new Random(7);
        var compared = 0;
        var queries = Queries(random, 300).ToList();
        foreach (var query in queries)
        {
            compared += await CompareAsync(query) ? 1 : 0;
        }

        // The adapter scores in halves only when the thread pool has nothing queued; with the other test classes
        // running beside this one it may never have been idle above. Compare more while it gets a quiet moment.
        for (var i = 0; parallel.ParallelSearches == 0 && i < 100; i++)
        {
            await Task.Delay(50);
            await CompareAsync(queries[i % queries.Count]);
        }

        // The comparison meant something: most searches found engineers, and the halves really ran.
        Assert.True(compared > 200, $"only {compared} of 300 searches found anyone");
        Assert.True(parallel.ParallelSearches > 0);
        Assert.Equal(0, single.ParallelSearches);
    }

    private LuceneEngineerSearch Create(long parallelMinMatches)
    {
        var path = Path.Combine(Path.GetTempPath(), "marketplace-search-parallel", Guid.NewGuid().ToString("N"));
        var search = new LuceneEngineerSearch(path, TimeProvider.System, resultCacheEntries: 0, parallelMinMatches);
        _created.Add((search, path));
        return search;
    }

    private static readonly string[] Words = ["液压", "焊接", "轨道交通", "检测", "数控", "嵌入式", "PLC", "长沙", "高级工程师", "机器人", "电路", "信号"];

    private static IEnumerable<EngineerSearchQuery> Queries(Random random, int count)
    {
        var clusters = ContractEngineers.Clusters.Keys.ToArray();
        var skills = ContractEngineers.Skills.Keys.ToArray();
        var cities = ContractEngineers.Cities.Keys.ToArray();
        for (var i = 0; i < count; i++)
        {
            T[] Some<T>(T[] values, double chance) =>
                random.NextDouble() < chance ? values.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToArray() : [];

            var text = random.NextDouble() < 0.15 ? null
                : string.Join(' ', Enumerable.Range(0, random.Next(1, 3)).Select(_ => Words[random.Next(Words.Length)]));
            yield return new EngineerSearchQuery
            {
                Text = text,
                Clusters = Some(clusters, 0.25),
                Skills = Some(skills, 0.15),
                Cities = Some(cities, 0.3),
                Titles = Some(Enum.GetValues<ProfessionalTitle>(), 0.15),
                MinTitle = random.NextDouble() < 0.1 ? ProfessionalTitle.Engineer : null,
                Tiers = Some(Enum.GetValues<ExcellenceTier>(), 0.1),
                Modes = Some([ServiceModes.FlexibleHire, ServiceModes.Project, ServiceModes.PartTime, ServiceModes.Advisory], 0.15),
                Available = random.NextDouble() < 0.2 ? random.NextDouble() < 0.5 : null,
                Today = Today,
                Sort = (EngineerSearchSort)random.Next(3),
                Page = random.Next(1, 4),
                Size = random.NextDouble() < 0.5 ? 10 : 25,
            };
        }
    }

    private static List<EngineerSearchDocument> Generate(int count, Random random)
    {
        var skills = ContractEngineers.Skills.ToArray();
        var clusters = ContractEngineers.Clusters.ToArray();
        var cities = ContractEngineers.Cities.ToArray();
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
        string[] bios = ["长期从事液压系统设计与检测", "负责轨道交通信号系统调试", "擅长焊接工艺评定与无损检测", "数控加工与工业机器人集成",
            "嵌入式开发和电路板设计", "PLC编程与产线自动化改造", "机器人焊接工作站开发", "高速列车检测设备研发"];
        var documents = new List<EngineerSearchDocument>(count);
        for (var i = 0; i < count; i++)
        {
            var mySkills = skills.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray();
            var myClusters = clusters.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToArray();
            var city = cities[random.Next(cities.Length)];
            var title = (ProfessionalTitle)random.Next(1, 6);
            var from = random.NextDouble() < 0.3 ? Today.AddDays(random.Next(-60, 60)) : (DateOnly?)null;
            documents.Add(new EngineerSearchDocument(
                Guid.NewGuid(),
                surnames[random.Next(surnames.Length)] + "工" + i,
                bios[random.Next(bios.Length)] + "，" + bios[random.Next(bios.Length)],
                random.NextDouble() < 0.5 ? "长沙检测研究院" : "株洲轨道交通装备公司",
                title,
                title.ToString(),
                (ExcellenceTier)random.Next(0, 3),
                "",
                city.Key,
                city.Value,
                myClusters.Select(c => c.Key).ToList(),
                myClusters.Select(c => c.Value).ToList(),
                mySkills.Select(s => s.Key).ToList(),
                mySkills.Select(s => s.Value).ToList(),
                (ServiceModes)random.Next(1, 16),
                random.NextDouble() < 0.2 ? 0 : random.Next(8, 80),
                from,
                from?.AddDays(random.Next(30, 365)),
                random.Next(1, 35),
                Math.Round((decimal)random.NextDouble() * 5, 1)));
        }

        return documents;
    }

    public void Dispose()
    {
        foreach (var (search, path) in _created)
        {
            search.Dispose();
            Directory.Delete(path, recursive: true);
        }
    }
}
