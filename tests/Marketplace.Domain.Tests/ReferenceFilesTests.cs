using Marketplace.Infrastructure.ReferenceData;

namespace Marketplace.Domain.Tests;

public sealed class ReferenceFilesTests
{
    private static readonly ReferenceSet Reference = ReferenceDataLoader.ReadFiles(ReferenceDataLoader.DefaultFolder);

    [Fact]
    public void The_four_seed_clusters_are_present()
    {
        Assert.Equal(["工程机械", "轨道交通装备", "航空航天装备", "电子信息"], Reference.Clusters.OrderBy(c => c.Sort).Select(c => c.Name));
    }

    [Fact]
    public void Every_cluster_has_at_least_fifteen_distinct_chinese_skills()
    {
        foreach (var cluster in Reference.Clusters)
        {
            var skills = Reference.Skills.Where(s => s.ClusterCode == cluster.Code).ToList();
            Assert.True(skills.Count >= 15, $"{cluster.Name} has {skills.Count} skills");
            Assert.All(skills, s => Assert.Contains(s.Name, c => c >= 0x4E00 && c <= 0x9FFF));
        }

        Assert.Equal(Reference.Skills.Count, Reference.Skills.Select(s => s.Name).Distinct().Count());
        Assert.Equal(Reference.Skills.Count, Reference.Skills.Select(s => s.Code).Distinct().Count());
    }

    [Fact]
    public void Hunan_has_fourteen_city_level_regions_under_the_province()
    {
        var cities = Reference.Regions.Where(r => r.Level == 2).ToList();
        Assert.Equal(14, cities.Count);
        Assert.Contains(cities, c => c.Name == "湘西土家族苗族自治州" && c.Code == "433100");
        Assert.Single(Reference.Regions, r => r.Level == 1 && r.Code == "430000");
        Assert.All(cities, c => Assert.StartsWith("43", c.Code));
    }

    [Fact]
    public void The_eight_service_types_of_seed_001_are_present()
    {
        Assert.Equal(["研发设计", "技术改造", "工艺优化", "新产品开发", "检验检测", "产业咨询", "技术转移与交易", "人才培养培训"],
            Reference.ServiceTypes.Select(t => t.Name));
    }
}
