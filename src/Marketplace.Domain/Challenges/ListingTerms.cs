namespace Marketplace.Domain.Challenges;

/// <summary>知识产权归属: agreed by contract (seeds 000 and 001); the listing states the arrangement offered.</summary>
public enum IpArrangement
{
    /// <summary>归企业所有.</summary>
    Company = 1,

    /// <summary>双方共有.</summary>
    Shared = 2,

    /// <summary>归工程师所有，企业获许可使用.</summary>
    EngineerWithLicence = 3,

    /// <summary>入股分成 / 收益分成.</summary>
    EquityOrRevenueShare = 4,
}

/// <summary>Who may see a listing and its details.</summary>
public enum Confidentiality
{
    /// <summary>公开: everyone signed in sees everything.</summary>
    Public = 1,

    /// <summary>保密协议: the summary is public; description and Q&amp;A only after the engineer accepts the NDA.</summary>
    Nda = 2,

    /// <summary>定向邀请: invisible to everyone not invited — in lists, search and by direct id.</summary>
    InviteOnly = 3,
}

public static class ListingTermNames
{
    public static string Chinese(this IpArrangement value) => value switch
    {
        IpArrangement.Company => "归企业所有",
        IpArrangement.Shared => "双方共有",
        IpArrangement.EngineerWithLicence => "归工程师所有，企业获许可使用",
        IpArrangement.EquityOrRevenueShare => "入股分成 / 收益分成",
        _ => value.ToString(),
    };

    public static string Chinese(this Confidentiality value) => value switch
    {
        Confidentiality.Public => "公开",
        Confidentiality.Nda => "签署保密协议后可见详情",
        Confidentiality.InviteOnly => "定向邀请",
        _ => value.ToString(),
    };
}

/// <summary>
/// What a company writes when it posts or edits a listing (企业出题). <paramref name="MinTitle"/> (职称要求) and
/// <paramref name="RequiresTier"/> (须为卓越工程师) are hard requirements: matching never proposes an engineer below them.
/// </summary>
public sealed record ChallengeListing(
    string Title,
    string Description,
    string ClusterCode,
    IReadOnlyList<string> SkillCodes,
    string ServiceTypeCode,
    decimal Bounty,
    DateTimeOffset ApplicationDeadline,
    int ExpectedDurationDays,
    string CityCode,
    bool OnSiteRequired,
    IpArrangement IpArrangement,
    Confidentiality Confidentiality,
    int RaceSlots,
    int AbandonAfterDays,
    Marketplace.Domain.Engineers.ProfessionalTitle? MinTitle = null,
    bool RequiresTier = false);
