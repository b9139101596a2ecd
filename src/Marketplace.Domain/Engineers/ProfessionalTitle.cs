namespace Marketplace.Domain.Engineers;

/// <summary>职称, ordered so that a higher value is a higher title (DOMAIN.md reference data).</summary>
public enum ProfessionalTitle
{
    /// <summary>技术员.</summary>
    Technician = 1,

    /// <summary>助理工程师 (初级).</summary>
    AssistantEngineer = 2,

    /// <summary>工程师 (中级).</summary>
    Engineer = 3,

    /// <summary>高级工程师 (副高).</summary>
    SeniorEngineer = 4,

    /// <summary>正高级工程师.</summary>
    ProfessorSeniorEngineer = 5,
}

/// <summary>卓越工程师 tiers of seed 003: the national digital scheme and the provincial scheme.</summary>
public enum ExcellenceTier
{
    None = 0,

    /// <summary>国家数字卓越工程师 领军级.</summary>
    NationalLeading = 1,

    /// <summary>国家数字卓越工程师 栋梁级.</summary>
    NationalPillar = 2,

    /// <summary>国家数字卓越工程师 菁英级.</summary>
    NationalElite = 3,

    /// <summary>省卓越工程师 领军人才.</summary>
    ProvincialLeading = 4,

    /// <summary>省卓越工程师 青年人才.</summary>
    ProvincialYoung = 5,
}

/// <summary>Whom the engineer works for; seed 003 sets a goal of ≥ 80 % of provincial excellent engineers in enterprises.</summary>
public enum EmployerType
{
    Enterprise = 1,
    University = 2,
    Institute = 3,
}

/// <summary>The four ways a shared engineer serves a company (DOMAIN.md "The problem").</summary>
[Flags]
public enum ServiceModes
{
    None = 0,

    /// <summary>柔性引进.</summary>
    FlexibleHire = 1,

    /// <summary>项目合作.</summary>
    Project = 2,

    /// <summary>技术兼职.</summary>
    PartTime = 4,

    /// <summary>顾问指导.</summary>
    Advisory = 8,
}

public static class EngineerVocabulary
{
    public static string Name(ProfessionalTitle title) => title switch
    {
        ProfessionalTitle.Technician => "技术员",
        ProfessionalTitle.AssistantEngineer => "助理工程师",
        ProfessionalTitle.Engineer => "工程师",
        ProfessionalTitle.SeniorEngineer => "高级工程师",
        ProfessionalTitle.ProfessorSeniorEngineer => "正高级工程师",
        _ => title.ToString(),
    };

    public static string Code(ProfessionalTitle title) => title switch
    {
        ProfessionalTitle.Technician => "technician",
        ProfessionalTitle.AssistantEngineer => "assistant",
        ProfessionalTitle.Engineer => "engineer",
        ProfessionalTitle.SeniorEngineer => "senior",
        ProfessionalTitle.ProfessorSeniorEngineer => "professor-senior",
        _ => title.ToString(),
    };

    public static string Name(ExcellenceTier tier) => tier switch
    {
        ExcellenceTier.None => "无",
        ExcellenceTier.NationalLeading => "国家数字卓越工程师·领军级",
        ExcellenceTier.NationalPillar => "国家数字卓越工程师·栋梁级",
        ExcellenceTier.NationalElite => "国家数字卓越工程师·菁英级",
        ExcellenceTier.ProvincialLeading => "省卓越工程师·领军人才",
        ExcellenceTier.ProvincialYoung => "省卓越工程师·青年人才",
        _ => tier.ToString(),
    };

    public static string Code(ExcellenceTier tier) => tier switch
    {
        ExcellenceTier.None => "none",
        ExcellenceTier.NationalLeading => "national-leading",
        ExcellenceTier.NationalPillar => "national-pillar",
        ExcellenceTier.NationalElite => "national-elite",
        ExcellenceTier.ProvincialLeading => "provincial-leading",
        ExcellenceTier.ProvincialYoung => "provincial-young",
        _ => tier.ToString(),
    };

    public static string Name(EmployerType type) => type switch
    {
        EmployerType.Enterprise => "企业",
        EmployerType.University => "高校",
        EmployerType.Institute => "科研院所",
        _ => type.ToString(),
    };

    public static IReadOnlyList<string> Names(ServiceModes modes)
    {
        var names = new List<string>(4);
        if (modes.HasFlag(ServiceModes.FlexibleHire)) names.Add("柔性引进");
        if (modes.HasFlag(ServiceModes.Project)) names.Add("项目合作");
        if (modes.HasFlag(ServiceModes.PartTime)) names.Add("技术兼职");
        if (modes.HasFlag(ServiceModes.Advisory)) names.Add("顾问指导");
        return names;
    }
}
