using Marketplace.Domain.Common;

namespace Marketplace.Domain.Engineers;

/// <summary>A skill the engineer claims, with a self-assessed level from 1 (了解) to 5 (专家).</summary>
public sealed record EngineerSkill(string SkillCode, int Level)
{
    public const int MinLevel = 1;
    public const int MaxLevel = 5;
}

/// <summary>
/// 共享工程师档案. The aggregate root for everything an engineer says about themselves; the counters
/// (wins, deliveries, consultations, abandonments, rating) are only moved by the platform's own records.
/// </summary>
public sealed class EngineerProfile
{
    public const int NameMaxLength = 50;
    public const int BioMaxLength = 2000;
    public const int EmployerMaxLength = 100;
    public const int MaxSkills = 30;
    public const int MaxYearsOfPractice = 60;
    public const decimal MaxHourlyRate = 100_000m;

    private List<EngineerSkill> _skills = [];

    private EngineerProfile() { }

    public Guid Id { get; private set; }

    /// <summary>The sign-in account that owns this profile.</summary>
    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    public int? BirthYear { get; private set; }

    public string? Phone { get; private set; }

    public string? Email { get; private set; }

    public ProfessionalTitle Title { get; private set; }

    public ExcellenceTier Tier { get; private set; }

    public Guid? EmployerOrganizationId { get; private set; }

    public string EmployerName { get; private set; } = "";

    public EmployerType EmployerType { get; private set; }

    public string CityCode { get; private set; } = "";

    public int YearsOfPractice { get; private set; }

    public ServiceModes ServiceModes { get; private set; }

    public int HoursPerMonth { get; private set; }

    public DateOnly? AvailableFrom { get; private set; }

    public DateOnly? AvailableUntil { get; private set; }

    /// <summary>Indicative rate in CNY per hour; the real price is agreed per engagement.</summary>
    public decimal? HourlyRate { get; private set; }

    public string Bio { get; private set; } = "";

    public List<string> ClusterCodes { get; private set; } = [];

    public IReadOnlyList<EngineerSkill> Skills => _skills;

    public int ChallengesWon { get; private set; }

    public int VerifiedDeliveries { get; private set; }

    public int Consultations { get; private set; }

    public int Abandonments { get; private set; }

    public decimal RatingAverage { get; private set; }

    public int RatingCount { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }

    public TierFacts TierFacts => TierMapping.Derive(Tier);

    public static EngineerProfile Create(Guid id, Guid userId, string name, string cityCode, DateTimeOffset now)
    {
        return new EngineerProfile
        {
            Id = id,
            UserId = userId,
            Name = Guard.Text(name, "姓名", NameMaxLength),
            CityCode = Guard.Text(cityCode, "所在市州", 6),
            Title = ProfessionalTitle.Engineer,
            EmployerType = EmployerType.Enterprise,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// Replaces what the engineer says about themselves. Reference codes (city, clusters, skills) are checked
    /// against the reference data by the caller, which knows it; the ranges and consistency are checked here.
    /// </summary>
    public void UpdateProfile(EngineerProfileChanges changes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(changes);

        if (changes.YearsOfPractice is < 0 or > MaxYearsOfPractice)
        {
            throw new DomainException("从业年限超出范围", $"从业年限应在 0 到 {MaxYearsOfPractice} 年之间。", "years_out_of_range");
        }

        if (changes.HoursPerMonth is < 0 or > 744)
        {
            throw new DomainException("可服务时长超出范围", "每月可服务时长应在 0 到 744 小时之间。", "hours_out_of_range");
        }

        if (changes.HourlyRate is < 0 or > MaxHourlyRate)
        {
            throw new DomainException("参考费率超出范围", $"参考费率应在 0 到 {MaxHourlyRate:N0} 元/小时之间。", "rate_out_of_range");
        }

        if (changes.AvailableFrom is { } from && changes.AvailableUntil is { } until && until < from)
        {
            throw new DomainException("可服务时间段无效", "可服务结束日期不能早于开始日期。", "availability_invalid");
        }

        if (changes.BirthYear is { } birthYear && (birthYear < 1930 || birthYear > now.Year - 16))
        {
            throw new DomainException("出生年份无效", "出生年份不在合理范围内。", "birth_year_invalid");
        }

        if (changes.Skills.Count > MaxSkills)
        {
            throw new DomainException("技能过多", $"最多填写 {MaxSkills} 项技能。", "too_many_skills");
        }

        if (changes.Skills.Any(s => s.Level is < EngineerSkill.MinLevel or > EngineerSkill.MaxLevel))
        {
            throw new DomainException("技能等级超出范围", "技能等级应在 1 到 5 之间。", "skill_level_out_of_range");
        }

        if (changes.Skills.GroupBy(s => s.SkillCode, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            throw new DomainException("技能重复", "同一技能只能填写一次。", "duplicate_skill");
        }

        Name = Guard.Text(changes.Name, "姓名", NameMaxLength);
        BirthYear = changes.BirthYear;
        Phone = Guard.OptionalText(changes.Phone, "手机号", 20);
        Email = Guard.OptionalText(changes.Email, "电子邮箱", 100);
        Title = changes.Title;
        EmployerName = Guard.Text(changes.EmployerName, "工作单位", EmployerMaxLength);
        EmployerType = changes.EmployerType;
        CityCode = Guard.Text(changes.CityCode, "所在市州", 6);
        YearsOfPractice = changes.YearsOfPractice;
        ServiceModes = changes.ServiceModes;
        HoursPerMonth = changes.HoursPerMonth;
        AvailableFrom = changes.AvailableFrom;
        AvailableUntil = changes.AvailableUntil;
        HourlyRate = changes.HourlyRate;
        Bio = Guard.OptionalText(changes.Bio, "个人简介", BioMaxLength) ?? "";
        ClusterCodes = changes.ClusterCodes.Distinct(StringComparer.Ordinal).ToList();
        _skills = changes.Skills.ToList();
        UpdatedAt = now;
    }

    /// <summary>Tier is recognised by an authority, not self-declared, so it has its own entry point.</summary>
    /// <summary>An award on the challenge board: counted publicly on the profile.</summary>
    public void RecordChallengeWon(DateTimeOffset now)
    {
        ChallengesWon++;
        UpdatedAt = now;
    }

    /// <summary>A delivery that passed workshop verification (车间验题).</summary>
    public void RecordVerifiedDelivery(DateTimeOffset now)
    {
        VerifiedDeliveries++;
        UpdatedAt = now;
    }

    /// <summary>
    /// 弃榜: an award the company declared abandoned after the taker went silent. Public on purpose — it is what
    /// other companies need to know before awarding the same engineer.
    /// </summary>
    public void RecordAbandonment(DateTimeOffset now)
    {
        Abandonments++;
        UpdatedAt = now;
    }

    /// <summary>An ended 在线问诊: counted publicly on the profile, like the listings won.</summary>
    public void RecordConsultation(DateTimeOffset now)
    {
        Consultations++;
        UpdatedAt = now;
    }

    /// <summary>A client's 1–5 star rating of finished work (a settled challenge's market evaluation, a consultation).</summary>
    public void AddRating(int stars, DateTimeOffset now)
    {
        if (stars is < 1 or > 5)
        {
            throw new DomainException("评分超出范围", "评分应为 1 到 5 星。", "rating_out_of_range");
        }

        RatingAverage = decimal.Round(((RatingAverage * RatingCount) + stars) / (RatingCount + 1), 2);
        RatingCount++;
        UpdatedAt = now;
    }

    public void RecognizeTier(ExcellenceTier tier, DateTimeOffset now)
    {
        Tier = tier;
        UpdatedAt = now;
    }

    public bool IsAvailableOn(DateOnly day) =>
        HoursPerMonth > 0
        && (AvailableFrom is null || AvailableFrom <= day)
        && (AvailableUntil is null || AvailableUntil >= day);
}

public sealed record EngineerProfileChanges(
    string Name,
    int? BirthYear,
    string? Phone,
    string? Email,
    ProfessionalTitle Title,
    string EmployerName,
    EmployerType EmployerType,
    string CityCode,
    int YearsOfPractice,
    ServiceModes ServiceModes,
    int HoursPerMonth,
    DateOnly? AvailableFrom,
    DateOnly? AvailableUntil,
    decimal? HourlyRate,
    string? Bio,
    IReadOnlyList<string> ClusterCodes,
    IReadOnlyList<EngineerSkill> Skills);

/// <summary>
/// Who may see an engineer's phone and e-mail: the engineer, platform staff (operators verify credentials, admins),
/// and a company only once it is engaged with the engineer (an award or an accepted consultation).
/// </summary>
public static class ContactPolicy
{
    public static bool CanSeeContact(bool isSelf, bool isStaff, bool isEngagedCompany) => isSelf || isStaff || isEngagedCompany;
}
