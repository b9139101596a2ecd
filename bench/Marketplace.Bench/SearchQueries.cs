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

internal static class SearchQueries
{
    private static readonly string[] Words =
    [
        "液压", "焊接", "轨道交通", "数控", "机器人", "模具", "电池", "芯片", "光纤", "PLC", "注塑", "液压系统设计",
        "自动化", "传感器", "新能源", "软件", "质量", "检测", "材料", "电机", "工艺", "视觉", "仿真", "节能",
    ];

    // Prefecture codes of Hunan, the demo province (seed/reference/regions.json).
    private static readonly string[] Cities = ["430100", "430200", "430300", "430400", "430600"];

    public static IReadOnlyList<SearchQuery> All { get; } = Build();

    private static List<SearchQuery> Build()
    {
        var random = new Random(20261123);
        var list = new List<SearchQuery>();
        for (var i = 0; i < 200; i++)
        {
            var text = Words[random.Next(Words.Length)];
            if (random.NextDouble() < 0.25)
            {
                text += " " + Words[random.Next(Words.Length)];
            }

            var filter = random.NextDouble();
            list.Add(filter switch
            {
                < 0.15 => new SearchQuery(text, City: Cities[random.Next(Cities.Length)]),
                < 0.30 => new SearchQuery(text, AvailableNow: true),
                _ => new SearchQuery(text),
            });
        }

        return list;
    }

    public static string Describe() => string.Create(CultureInfo.InvariantCulture, $"{All.Count} queries over {Words.Length} words");
}
