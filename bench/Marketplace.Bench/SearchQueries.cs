using System.Globalization;
using Marketplace.Application.Engineers.Search;

namespace Marketplace.Bench;

/// <summary>
/// The query mix every stage of the benchmark runs: Chinese words companies type (skills, fields, products), one and
/// two words, about a third with a filter (a city, available now, a cluster) — facets are always computed.
/// </summary>
internal sealed record SearchQuery(string Text, string? City = null, bool AvailableNow = false, string? Cluster = null)
{
    public EngineerSearchQuery ToEngineQuery() => new()
    {
        Text = Text,
        Cities = City is null ? [] : [City],
        Clusters = Cluster is null ? [] : [Cluster],
        Available = AvailableNow ? true : null,
        Size = 20,
    };

    public string ToQueryString()
    {
        var parts = new List<string> { "q=" + Uri.EscapeDataString(Text), "size=20" };
        if (City is not null)
        {
            parts.Add("city=" + City);
        }

        if (Cluster is not null)
        {
            parts.Add("cluster=" + Uri.EscapeDataString(Cluster));
        }

        if (AvailableNow)
        {
            parts.Add("availability=now");
        }

        return string.Join("&", parts);
    }
}

/// <summary>
/// The query mix: 1,000 distinct searches (one or two of the words companies type, a third with a filter), asked in a
/// Zipf-like order (the k-th most popular search asked about 1/k as often), as search logs are. Deterministic.
/// </summary>
internal static class SearchQueries
{
    private const int Distinct = 1000;

    private static readonly string[] Words =
    [
        "液压", "焊接", "轨道交通", "数控", "机器人", "模具", "电池", "芯片", "光纤", "PLC", "注塑", "液压系统设计",
        "自动化", "传感器", "新能源", "软件", "质量", "检测", "材料", "电机", "工艺", "视觉", "仿真", "节能",
        "铸造", "热处理", "减速器", "变频", "嵌入式", "工业互联网", "数字孪生", "轴承", "齿轮", "涂装", "锂电", "储能",
    ];

    // Prefecture codes of Hunan, the demo province (seed/reference/regions.json).
    private static readonly string[] Cities = ["430100", "430200", "430300", "430400", "430600", "430700", "431000"];

    /// <summary>The distinct searches, most popular first.</summary>
    public static IReadOnlyList<SearchQuery> All { get; } = Build();

    /// <summary>A run of <paramref name="count"/> searches drawn from <see cref="All"/> with Zipf weights (s = 1).</summary>
    public static IReadOnlyList<SearchQuery> Sequence(int count, int seed = 7)
    {
        var random = new Random(seed);
        var cumulative = new double[All.Count];
        var sum = 0.0;
        for (var k = 0; k < All.Count; k++)
        {
            sum += 1.0 / (k + 1);
            cumulative[k] = sum;
        }

        var result = new SearchQuery[count];
        for (var i = 0; i < count; i++)
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            result[i] = All[Math.Min(index < 0 ? ~index : index, All.Count - 1)];
        }

        return result;
    }

    private static List<SearchQuery> Build()
    {
        var random = new Random(20261123);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<SearchQuery>();
        while (list.Count < Distinct)
        {
            var text = Words[random.Next(Words.Length)];
            if (random.NextDouble() < 0.25)
            {
                text += " " + Words[random.Next(Words.Length)];
            }

            var filter = random.NextDouble();
            var query = filter switch
            {
                < 0.15 => new SearchQuery(text, City: Cities[random.Next(Cities.Length)]),
                < 0.30 => new SearchQuery(text, AvailableNow: true),
                _ => new SearchQuery(text),
            };
            if (seen.Add(query.ToQueryString()))
            {
                list.Add(query);
            }
        }

        return list;
    }
}
