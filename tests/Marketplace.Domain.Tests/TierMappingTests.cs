using Marketplace.Domain.Engineers;
using Marketplace.Infrastructure.ReferenceData;

namespace Marketplace.Domain.Tests;

public sealed class TierMappingTests
{
    [Theory]
    [InlineData(ExcellenceTier.NationalLeading, ProvincialRecognition.DirectLeading, ProfessionalTitle.ProfessorSeniorEngineer)]
    [InlineData(ExcellenceTier.NationalPillar, ProvincialRecognition.PriorityLeading, ProfessionalTitle.ProfessorSeniorEngineer)]
    [InlineData(ExcellenceTier.NationalElite, ProvincialRecognition.PriorityYoung, ProfessionalTitle.SeniorEngineer)]
    public void National_tiers_map_to_provincial_recognition_and_title_review_as_seed_003_says(
        ExcellenceTier tier, ProvincialRecognition recognition, ProfessionalTitle titleReview)
    {
        var facts = TierMapping.Derive(tier);
        Assert.Equal(recognition, facts.ProvincialRecognition);
        Assert.Equal(titleReview, facts.DirectTitleReview);
        Assert.Equal(2, facts.Statements.Count);
        Assert.Contains("省级卓越工程师", facts.Statements[0]);
        Assert.Contains(EngineerVocabulary.Name(titleReview) + "职称评审", facts.Statements[1]);
    }

    [Fact]
    public void Leading_tier_facts_read_as_the_policy_does()
    {
        var facts = TierMapping.Derive(ExcellenceTier.NationalLeading).Statements;
        Assert.Equal(["可直接认定为省级卓越工程师领军人才", "可直接参加正高级工程师职称评审"], facts);
    }

    [Theory]
    [InlineData(ExcellenceTier.None)]
    [InlineData(ExcellenceTier.ProvincialLeading)]
    [InlineData(ExcellenceTier.ProvincialYoung)]
    public void Provincial_tiers_and_none_carry_no_title_shortcut(ExcellenceTier tier)
    {
        var facts = TierMapping.Derive(tier);
        Assert.Null(facts.DirectTitleReview);
        Assert.Equal(ProvincialRecognition.None, facts.ProvincialRecognition);
    }

    [Fact]
    public void Provincial_or_higher_talent_is_any_tier()
    {
        Assert.False(TierMapping.IsProvincialOrHigherTalent(ExcellenceTier.None));
        Assert.All(Enum.GetValues<ExcellenceTier>().Where(t => t != ExcellenceTier.None),
            t => Assert.True(TierMapping.IsProvincialOrHigherTalent(t)));
    }

    [Fact]
    public void Seed_tiers_file_agrees_with_the_rule_in_code()
    {
        var reference = ReferenceDataLoader.ReadFiles(ReferenceDataLoader.DefaultFolder);
        foreach (var tier in Enum.GetValues<ExcellenceTier>().Where(t => t != ExcellenceTier.None))
        {
            var row = Assert.Single(reference.Tiers, r => r.Code == EngineerVocabulary.Code(tier));
            var facts = TierMapping.Derive(tier);
            Assert.Equal(facts.ProvincialRecognition, TierMapping.FromCode(row.ProvincialRecognition));
            Assert.Equal(facts.DirectTitleReview is { } t ? EngineerVocabulary.Code(t) : null, row.TitleReview);
        }
    }

    [Fact]
    public void Seed_titles_file_agrees_with_the_title_order_in_code()
    {
        var reference = ReferenceDataLoader.ReadFiles(ReferenceDataLoader.DefaultFolder);
        foreach (var title in Enum.GetValues<ProfessionalTitle>())
        {
            var row = Assert.Single(reference.Titles, r => r.Code == EngineerVocabulary.Code(title));
            Assert.Equal((int)title, row.Level);
            Assert.Equal(EngineerVocabulary.Name(title), row.Name);
        }
    }
}
