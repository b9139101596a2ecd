using Bogus;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Marketplace.Infrastructure.ReferenceData;

namespace Marketplace.Infrastructure.DemoData;

/// <summary>The generated rows, built in memory first so the COPY writers only stream them.</summary>
internal sealed class DemoModel(DemoDataOptions options, ReferenceSet reference, DemoNames names, DateTimeOffset now)
{
    // Where Hunan's engineers are: 长沙 and the 长株潭 cluster dominate (weights are rough shares, not statistics).
    private static readonly Dictionary<string, int> CityWeights = new()
    {
        ["430100"] = 34, ["430200"] = 16, ["430300"] = 10, ["430400"] = 7, ["430500"] = 3, ["430600"] = 6, ["430700"] = 5,
        ["430800"] = 1, ["430900"] = 3, ["431000"] = 4, ["431100"] = 3, ["431200"] = 3, ["431300"] = 4, ["433100"] = 1,
    };

    // Which clusters each city leans to: 株洲 rail and aerospace, 长沙 machinery and electronics, 湘潭 machinery.
    private static readonly Dictionary<string, string[]> CityClusters = new()
    {
        ["430100"] = ["construction-machinery", "electronic-information", "construction-machinery", "aerospace"],
        ["430200"] = ["rail-transit", "aerospace", "rail-transit", "electronic-information"],
        ["430300"] = ["construction-machinery", "rail-transit", "electronic-information"],
    };

    private readonly Faker _faker = new("zh_CN") { Random = new Randomizer(options.Seed) };
    private readonly Random _random = new(options.Seed);
    private int _creditSequence;

    public DateTimeOffset Now { get; } = now;

    public List<Organization> Organizations { get; } = [];

    public List<DemoUser> Users { get; } = [];

    public List<DemoEngineer> Engineers { get; } = [];

    /// <summary>The companies that post the demo listings, each with the contact account that acts for it.</summary>
    public List<ListingOwner> ListingOwners { get; } = [];

    public void Build(IProgress<SeedProgress>? progress)
    {
        var cities = reference.Regions.Where(r => r.Level == 2).ToList();
        var clusters = reference.Clusters.Select(c => c.Code).ToList();
        var skillsByCluster = reference.Skills.GroupBy(s => s.ClusterCode).ToDictionary(g => g.Key, g => g.Select(s => s.Code).ToList());

        // Government: the provincial departments and one bureau per city.
        var province = AddOrg("湖南省工业和信息化厅", OrganizationKind.GovernmentBureau, BureauLevel.Province, "430000", []);
        AddOrg("湖南省人力资源和社会保障厅", OrganizationKind.GovernmentBureau, BureauLevel.Province, "430000", []);
        var cityBureaus = cities.ToDictionary(c => c.Code, c => AddOrg($"{c.Name}工业和信息化局", OrganizationKind.GovernmentBureau, BureauLevel.City, c.Code, []));

        // One engineer collaborative innovation center per cluster, where the cluster is strongest.
        var centerCities = new Dictionary<string, string>
        {
            ["construction-machinery"] = "430100", ["rail-transit"] = "430200", ["aerospace"] = "430200", ["electronic-information"] = "430100",
        };
        var centers = reference.Clusters.Select(c => AddOrg(
            $"湖南省{c.Name}工程师协同创新中心", OrganizationKind.Center, null, centerCities.GetValueOrDefault(c.Code, "430100"), [c.Code])).ToList();

        var academia = names.Universities.Select(n => AddOrg(n,
            n.Contains("研究所", StringComparison.Ordinal) || n.Contains("研究院", StringComparison.Ordinal) ? OrganizationKind.Institute : OrganizationKind.University,
            null, n.Contains("株洲", StringComparison.Ordinal) ? "430200" : n.Contains("湘潭", StringComparison.Ordinal) ? "430300" : "430100", [])).ToList();

        // Companies: roughly one for every ten engineers, at least sixty, each in one or two clusters.
        var demoCompany = AddOrg("株洲湘江动力机械有限公司", OrganizationKind.Company, null, "430200", ["rail-transit", "construction-machinery"]);
        var companyCount = Math.Max(60, options.Engineers / 10);
        var companies = new List<Organization> { demoCompany };
        var usedCompanyNames = new HashSet<string>(StringComparer.Ordinal) { demoCompany.Name };
        for (var i = 0; companies.Count < companyCount; i++)
        {
            var city = PickCity();
            var cluster = PickCluster(city, clusters);
            var cityName = cities.First(c => c.Code == city).Name.TrimEnd('市');
            var name = $"{cityName}{_faker.PickRandom(names.CompanyPrefixes)}{_faker.PickRandom(names.CompanySuffixesByCluster[cluster])}";
            if (!usedCompanyNames.Add(name))
            {
                name = $"{name[..^4]}（{i % 97 + 1}号厂区）有限公司";
                if (!usedCompanyNames.Add(name))
                {
                    continue;
                }
            }

            var second = _random.NextDouble() < 0.25 ? _faker.PickRandom(clusters) : cluster;
            companies.Add(AddOrg(name, OrganizationKind.Company, null, city, second == cluster ? [cluster] : [cluster, second]));
        }

        // Demo accounts, one per role.
        var accountOrgs = new Dictionary<string, Guid?>
        {
            ["company@demo.cn"] = demoCompany.Id,
            ["engineer@demo.cn"] = null,
            ["operator@demo.cn"] = centers[0].Id,
            ["expert@demo.cn"] = academia[0].Id,
            ["authority@demo.cn"] = province.Id,
            ["city@demo.cn"] = cityBureaus["430100"].Id,
            ["admin@demo.cn"] = null,
        };
        // The applicant's organization is added last (below), so it shifts none of the seeded random choices.
        foreach (var account in DemoDataGenerator.DemoAccounts.Where(a => accountOrgs.ContainsKey(a.Email)))
        {
            Users.Add(NewUser(account.Email, account.DisplayName, account.Role, accountOrgs[account.Email]));
        }

        var demoEngineerUser = Users.First(u => u.Email == "engineer@demo.cn");
        var enterpriseEmployers = companies.Skip(1).ToList();
        for (var i = 0; i < options.Engineers; i++)
        {
            var isDemo = i == 0;
            var user = isDemo ? demoEngineerUser : null;
            var engineer = NewEngineer(i, isDemo, cities, clusters, skillsByCluster, enterpriseEmployers, academia);
            user ??= NewUser($"e{i:D6}@engineers.demo.cn", engineer.Name, Roles.Engineer, engineer.EmployerOrganizationId);
            if (!isDemo)
            {
                Users.Add(user);
            }

            engineer.UserId = user.Id;
            Engineers.Add(engineer);
            if ((i + 1) % 20_000 == 0)
            {
                progress?.Report(new SeedProgress("生成工程师", i + 1, options.Engineers));
            }
        }

        // Listings need someone to post them: the demo company's account, and one contact per other posting company.
        ListingOwners.Add(new ListingOwner(demoCompany, Users.First(u => u.Email == "company@demo.cn").Id));
        var listings = DemoChallengePlanner.ListingCount(options.Engineers);
        var ownerCount = listings == 0 ? 0 : Math.Min(enterpriseEmployers.Count, Math.Max(10, listings / 4));
        foreach (var company in _faker.Random.Shuffle(enterpriseEmployers).Take(ownerCount))
        {
            var contact = NewUser($"c{ListingOwners.Count:D4}@companies.demo.cn",
                $"{company.Name.Replace("有限公司", "", StringComparison.Ordinal)} · {_faker.Name.LastName()}经理", Roles.Company, company.Id);
            Users.Add(contact);
            ListingOwners.Add(new ListingOwner(company, contact.Id));
        }

        // A college preparing its first center application (applicant@demo.cn), in 长沙 so city@demo.cn reviews it.
        var applicant = AddOrg("湖南工程机械职业学院", OrganizationKind.University, null, "430100", ["construction-machinery"]);
        var applicantAccount = DemoDataGenerator.DemoAccounts.First(a => a.Email == "applicant@demo.cn");
        Users.Add(NewUser(applicantAccount.Email, applicantAccount.DisplayName, applicantAccount.Role, applicant.Id));
    }

    private Organization AddOrg(string name, OrganizationKind kind, BureauLevel? level, string region, string[] clusterCodes)
    {
        var org = Organization.Register(NextGuid(), name, kind, level, region, CreditCode(), clusterCodes, Now);
        Organizations.Add(org);
        return org;
    }

    private DemoUser NewUser(string email, string displayName, string role, Guid? organizationId) =>
        new(NextGuid(), email, displayName, role, organizationId, NextGuid().ToString("N").ToUpperInvariant(), NextGuid().ToString());

    private DemoEngineer NewEngineer(int index, bool isDemo, List<Domain.Reference.Region> cities, List<string> clusters,
        Dictionary<string, List<string>> skillsByCluster, List<Organization> companies, List<Organization> academia)
    {
        var city = isDemo ? "430100" : PickCity();
        var primary = isDemo ? "construction-machinery" : PickCluster(city, clusters);
        var clusterCodes = _random.NextDouble() < 0.2 && !isDemo
            ? new[] { primary, _faker.PickRandom(clusters.Where(c => c != primary)) }
            : new[] { primary };

        var title = isDemo ? ProfessionalTitle.SeniorEngineer : PickTitle();
        var years = title switch
        {
            ProfessionalTitle.ProfessorSeniorEngineer => _random.Next(18, 38),
            ProfessionalTitle.SeniorEngineer => _random.Next(10, 32),
            ProfessionalTitle.Engineer => _random.Next(5, 22),
            ProfessionalTitle.AssistantEngineer => _random.Next(1, 10),
            _ => _random.Next(0, 8),
        };
        var birthYear = Now.Year - 22 - years - _random.Next(0, 5);
        var tier = isDemo ? ExcellenceTier.NationalPillar : PickTier(title, Now.Year - birthYear);

        var employerRoll = _random.NextDouble();
        var (employerType, employer) = employerRoll < 0.72
            ? (EmployerType.Enterprise, _faker.PickRandom(companies))
            : employerRoll < 0.9
                ? (EmployerType.University, _faker.PickRandom(academia.Where(a => a.Kind == OrganizationKind.University)))
                : (EmployerType.Institute, _faker.PickRandom(academia.Where(a => a.Kind == OrganizationKind.Institute)));

        var pool = clusterCodes.SelectMany(c => skillsByCluster[c]).Distinct().ToList();
        var skillCount = Math.Min(pool.Count, _random.Next(3, 9));
        var skills = _faker.Random.Shuffle(pool).Take(skillCount)
            .Select(code => (code, level: Math.Clamp((int)title - 1 + _random.Next(0, 3), 1, 5))).ToList();

        var modes = ServiceModes.None;
        foreach (var mode in new[] { ServiceModes.FlexibleHire, ServiceModes.Project, ServiceModes.PartTime, ServiceModes.Advisory })
        {
            if (_random.NextDouble() < 0.45)
            {
                modes |= mode;
            }
        }

        if (modes == ServiceModes.None)
        {
            modes = ServiceModes.Project;
        }

        var ratingCount = _random.NextDouble() < 0.35 ? 0 : _random.Next(1, 40);
        var rating = ratingCount == 0 ? 0m : Math.Round((decimal)(3.2 + _random.NextDouble() * 1.8), 2);
        var cityName = cities.First(c => c.Code == city).Name;
        var clusterName = reference.Clusters.First(c => c.Code == primary).Name;
        var skillNames = skills.Select(s => reference.Skills.First(x => x.Code == s.code).Name).ToList();
        var name = isDemo ? "刘志远" : _faker.Name.LastName() + _faker.Name.FirstName();
        var bio = _faker.PickRandom(names.BioTemplates)
            .Replace("{years}", years.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{cluster}", clusterName, StringComparison.Ordinal)
            .Replace("{skill1}", skillNames[0], StringComparison.Ordinal)
            .Replace("{skill2}", skillNames.Count > 1 ? skillNames[1] : skillNames[0], StringComparison.Ordinal)
            .Replace("{city}", cityName, StringComparison.Ordinal);
        var availableFrom = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-_random.Next(0, 365));

        return new DemoEngineer
        {
            Id = NextGuid(),
            Name = name,
            BirthYear = birthYear,
            Phone = $"1{_faker.PickRandom(3, 5, 7, 8, 9)}{_random.Next(0, 1_000_000_000):D9}",
            Email = isDemo ? "engineer@demo.cn" : $"e{index:D6}@engineers.demo.cn",
            Title = title,
            Tier = tier,
            EmployerOrganizationId = employer.Id,
            EmployerName = employer.Name,
            EmployerType = employerType,
            CityCode = city,
            YearsOfPractice = years,
            ServiceModes = modes,
            HoursPerMonth = _random.NextDouble() < 0.08 ? 0 : _random.Next(1, 9) * 10,
            AvailableFrom = availableFrom,
            AvailableUntil = _random.NextDouble() < 0.3 ? availableFrom.AddDays(_random.Next(180, 900)) : null,
            HourlyRate = Math.Round(80m + (int)title * 120m + _random.Next(0, 300), 0),
            Bio = bio,
            ClusterCodes = clusterCodes,
            Skills = skills,
            Consultations = ratingCount == 0 ? 0 : _random.Next(0, 25),
            RatingAverage = rating,
            RatingCount = ratingCount,
        };
    }

    private string PickCity()
    {
        var roll = _random.Next(0, CityWeights.Values.Sum());
        foreach (var (code, weight) in CityWeights)
        {
            if (roll < weight)
            {
                return code;
            }

            roll -= weight;
        }

        return "430100";
    }

    private string PickCluster(string city, List<string> clusters) =>
        CityClusters.TryGetValue(city, out var leaning) && _random.NextDouble() < 0.7
            ? leaning[_random.Next(leaning.Length)]
            : clusters[_random.Next(clusters.Count)];

    private ProfessionalTitle PickTitle()
    {
        var roll = _random.NextDouble();
        return roll switch
        {
            < 0.06 => ProfessionalTitle.ProfessorSeniorEngineer,
            < 0.32 => ProfessionalTitle.SeniorEngineer,
            < 0.72 => ProfessionalTitle.Engineer,
            < 0.92 => ProfessionalTitle.AssistantEngineer,
            _ => ProfessionalTitle.Technician,
        };
    }

    private ExcellenceTier PickTier(ProfessionalTitle title, int age)
    {
        var roll = _random.NextDouble();
        return title switch
        {
            ProfessionalTitle.ProfessorSeniorEngineer when roll < 0.10 => ExcellenceTier.NationalLeading,
            ProfessionalTitle.ProfessorSeniorEngineer when roll < 0.25 => ExcellenceTier.ProvincialLeading,
            ProfessionalTitle.SeniorEngineer when roll < 0.05 => ExcellenceTier.NationalPillar,
            ProfessionalTitle.SeniorEngineer when roll < 0.10 => ExcellenceTier.ProvincialLeading,
            ProfessionalTitle.Engineer when roll < 0.04 => ExcellenceTier.NationalElite,
            // "Young" in national programs means under 40 (DOMAIN.md).
            ProfessionalTitle.Engineer when roll < 0.08 && age < 40 => ExcellenceTier.ProvincialYoung,
            _ => ExcellenceTier.None,
        };
    }

    // 统一社会信用代码-shaped identifiers: 91 (enterprise) + 6-digit Hunan region + 9-character code + check character.
    private string CreditCode() =>
        $"9143{_random.Next(0, 10_000):D4}MA{++_creditSequence:D7}{(char)('A' + _random.Next(0, 8))}";

    private Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 layout, deterministic from the seed
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}

/// <summary>A company that posts demo listings and the user who acts for it.</summary>
internal sealed record ListingOwner(Organization Company, Guid UserId);

internal sealed record DemoUser(Guid Id, string Email, string DisplayName, string Role, Guid? OrganizationId, string SecurityStamp, string ConcurrencyStamp);

internal sealed class DemoEngineer
{
    public Guid Id { get; init; }
    public Guid UserId { get; set; }
    public required string Name { get; init; }
    public int BirthYear { get; init; }
    public required string Phone { get; init; }
    public required string Email { get; init; }
    public ProfessionalTitle Title { get; init; }
    public ExcellenceTier Tier { get; init; }
    public Guid? EmployerOrganizationId { get; init; }
    public required string EmployerName { get; init; }
    public EmployerType EmployerType { get; init; }
    public required string CityCode { get; init; }
    public int YearsOfPractice { get; init; }
    public ServiceModes ServiceModes { get; init; }
    public int HoursPerMonth { get; init; }
    public DateOnly AvailableFrom { get; init; }
    public DateOnly? AvailableUntil { get; init; }
    public decimal HourlyRate { get; init; }
    public required string Bio { get; init; }
    public required string[] ClusterCodes { get; init; }
    public required List<(string Code, int Level)> Skills { get; init; }
    public int Consultations { get; init; }
    public decimal RatingAverage { get; init; }
    public int RatingCount { get; init; }
}
