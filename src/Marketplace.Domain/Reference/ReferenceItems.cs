namespace Marketplace.Domain.Reference;

/// <summary>产业集群 (工程机械, 轨道交通装备, …); operators may add more.</summary>
public sealed class IndustryCluster
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public int Sort { get; set; }
}

/// <summary>An entry of the skills taxonomy; every skill belongs to one cluster.</summary>
public sealed class Skill
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string ClusterCode { get; set; }
    public string Category { get; set; } = "";
}

/// <summary>An administrative region: the province (level 1) or one of its 14 市州 (level 2).</summary>
public sealed class Region
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public int Level { get; set; }
    public int Sort { get; set; }
}

public sealed class TitleDefinition
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public int Level { get; set; }
    public string ShortName { get; set; } = "";
}

public sealed class TierDefinition
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public string Scheme { get; set; } = "";
    public int Rank { get; set; }
    public string? ProvincialRecognition { get; set; }
    public string? TitleReview { get; set; }
    public string Note { get; set; } = "";
}

/// <summary>The eight service types of seed 001 §6 (研发设计 … 人才培养培训).</summary>
public sealed class ServiceType
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public int Sort { get; set; }
}
