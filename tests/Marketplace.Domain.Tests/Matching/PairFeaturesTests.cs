using Marketplace.Domain.Engineers;
using Marketplace.Domain.Matching;

namespace Marketplace.Domain.Tests.Matching;

public class PairFeaturesTests
{
    private static readonly Guid Company = Guid.NewGuid();
    private static readonly DateOnly Today = new(2026, 6, 1);

    private static readonly Dictionary<string, string> SkillCluster = new()
    {
        ["cm-hydraulic"] = "cm", ["cm-welding"] = "cm", ["cm-cnc"] = "cm", ["rail-signal"] = "rail",
    };

    private static readonly ChallengeFacts Need = new(
        Guid.NewGuid(), Company, "cm", ["cm-hydraulic", "cm-welding"], "430200", Bounty: 60_000m, ExpectedDurationDays: 60, Today);

    private static readonly EngineerFacts Engineer = new(
        Guid.NewGuid(), EmployerOrganizationId: Guid.NewGuid(), SkillCodes: ["cm-hydraulic", "cm-cnc", "rail-signal"], ClusterCodes: ["cm", "rail"],
        CityCode: "430100", ProfessionalTitle.SeniorEngineer, ExcellenceTier.ProvincialLeading, YearsOfPractice: 12, WinsInCluster: 2,
        VerifiedInCluster: 3, RatingAverage: 4.6m, RatingCount: 7, Abandonments: 1, ActiveWork: 1, HoursPerMonth: 40,
        AvailableFrom: Today.AddDays(-10), AvailableUntil: Today.AddDays(29), HourlyRate: 500m, ResponseRate: 0.8);

    private static float[] Features(ChallengeFacts need, EngineerFacts engineer) =>
        PairFeatures.Compute(need, engineer, 7.5f, s => SkillCluster.GetValueOrDefault(s));

    [Fact]
    public void A_known_pair_gives_known_features()
    {
        var f = Features(Need, Engineer);
        Assert.Equal(PairFeatures.Count, f.Length);
        Assert.Equal(7.5f, f[PairFeatures.SearchScore]);
        Assert.Equal(1, f[PairFeatures.SkillExact]);                  // 液压 of 液压 + 焊接
        Assert.Equal(0.5f, f[PairFeatures.SkillExactShare]);
        Assert.Equal(1, f[PairFeatures.SkillSameCluster]);            // 数控 is 工程机械 too; 信号 is not
        Assert.Equal(1, f[PairFeatures.ClusterMatch]);
        Assert.Equal(4, f[PairFeatures.TitleLevel]);
        Assert.Equal(3, f[PairFeatures.TierStrength]);
        Assert.Equal(0, f[PairFeatures.SameCity]);                    // 长沙 vs 株洲
        Assert.Equal(1, f[PairFeatures.SameProvince]);                // both Hunan (43)
        Assert.Equal(12, f[PairFeatures.YearsOfPractice]);
        Assert.Equal(2, f[PairFeatures.WinsInCluster]);
        Assert.Equal(3, f[PairFeatures.VerifiedInCluster]);
        Assert.Equal(4.6f, f[PairFeatures.RatingAverage]);
        Assert.Equal(MathF.Log(8), f[PairFeatures.RatingCount], 5);
        Assert.Equal(1, f[PairFeatures.Abandonments]);
        Assert.Equal(1, f[PairFeatures.ActiveWork]);
        // Available for days 0..29 of a 60-day job: half of it.
        Assert.Equal(0.5f, f[PairFeatures.AvailabilityFit], 5);
        // 40 h/month over 2 months at 500 = 40,000 against a 60,000 bounty.
        Assert.Equal(1.5f, f[PairFeatures.RateFit], 5);
        Assert.Equal(0.8f, f[PairFeatures.ResponseRate], 5);
    }

    [Fact]
    public void What_is_not_known_is_missing_rather_than_zero()
    {
        var newcomer = Engineer with { RatingCount = 0, RatingAverage = 0, HourlyRate = null, ResponseRate = null };
        var f = Features(Need with { SkillCodes = [] }, newcomer);
        Assert.True(float.IsNaN(f[PairFeatures.RatingAverage]));
        Assert.True(float.IsNaN(f[PairFeatures.RateFit]));
        Assert.True(float.IsNaN(f[PairFeatures.ResponseRate]));
        Assert.True(float.IsNaN(f[PairFeatures.SkillExactShare]));
        Assert.Equal(0, f[PairFeatures.RatingCount]);
    }

    [Fact]
    public void Availability_and_rate_cover_are_bounded()
    {
        Assert.Equal(1, PairFeatures.AvailabilityCover(Need, Engineer with { AvailableFrom = null, AvailableUntil = null }));
        Assert.Equal(0, PairFeatures.AvailabilityCover(Need, Engineer with { HoursPerMonth = 0 }));
        Assert.Equal(0, PairFeatures.AvailabilityCover(Need, Engineer with { AvailableFrom = Today.AddDays(90), AvailableUntil = Today.AddDays(120) }));
        Assert.Equal(2, PairFeatures.RateCover(Need with { Bounty = 10_000_000m }, Engineer));
        Assert.Null(PairFeatures.RateCover(Need, Engineer with { HourlyRate = 0 }));
    }

    [Fact]
    public void Names_are_one_per_feature_and_unique()
    {
        Assert.Equal(PairFeatures.Count, PairFeatures.Names.Distinct().Count());
        Assert.Equal("response_rate", PairFeatures.Names[PairFeatures.ResponseRate]);
    }
}

public class CandidateRulesTests
{
    private static readonly Guid Company = Guid.NewGuid();
    private static readonly DateOnly Today = new(2026, 6, 1);
    private static readonly ChallengeFacts Need = new(Guid.NewGuid(), Company, "cm", ["cm-hydraulic"], "430200", 50_000m, 30, Today);

    private static readonly EngineerFacts Engineer = new(
        Guid.NewGuid(), Guid.NewGuid(), ["cm-hydraulic"], ["cm"], "430200", ProfessionalTitle.Engineer, ExcellenceTier.None, 5, 0, 0, 0m, 0, 0, 0, 20,
        null, null, null, null);

    [Fact]
    public void An_available_outside_engineer_passes()
    {
        Assert.Equal(CandidateRefusal.None, CandidateRules.Check(Need, Engineer, Today));
    }

    [Fact]
    public void Each_hard_rule_refuses_with_its_reason()
    {
        Assert.Equal(CandidateRefusal.NotAvailable, CandidateRules.Check(Need, Engineer with { HoursPerMonth = 0 }, Today));
        Assert.Equal(CandidateRefusal.NotAvailable, CandidateRules.Check(Need, Engineer with { AvailableFrom = Today.AddDays(1) }, Today));
        Assert.Equal(CandidateRefusal.NotAvailable, CandidateRules.Check(Need, Engineer with { AvailableUntil = Today.AddDays(-1) }, Today));
        Assert.Equal(CandidateRefusal.OwnStaff, CandidateRules.Check(Need, Engineer with { EmployerOrganizationId = Company }, Today));
        Assert.Equal(CandidateRefusal.TitleBelowRequirement, CandidateRules.Check(Need with { MinTitle = ProfessionalTitle.SeniorEngineer }, Engineer, Today));
        Assert.Equal(CandidateRefusal.TierRequired, CandidateRules.Check(Need with { RequiresTier = true }, Engineer, Today));
        Assert.Equal(CandidateRefusal.None, CandidateRules.Check(Need with { RequiresTier = true }, Engineer with { Tier = ExcellenceTier.ProvincialYoung }, Today));
    }
}
