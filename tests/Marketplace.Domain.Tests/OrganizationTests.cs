using Marketplace.Domain.Common;
using Marketplace.Domain.Organizations;

namespace Marketplace.Domain.Tests;

public sealed class OrganizationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_company_registers_with_trimmed_name_and_normalised_credit_code()
    {
        var org = Organization.Register(Guid.NewGuid(), "  株洲某机械有限公司 ", OrganizationKind.Company, null, "430200",
            "91430200ma4l00001x", ["rail-transit", "rail-transit"], Now);
        Assert.Equal("株洲某机械有限公司", org.Name);
        Assert.Equal("91430200MA4L00001X", org.CreditCode);
        Assert.Equal(["rail-transit"], org.ClusterCodes);
    }

    [Fact]
    public void A_bureau_needs_its_level_and_the_level_must_fit_the_region()
    {
        Assert.Equal("bureau_level_required", Assert.Throws<DomainException>(() =>
            Organization.Register(Guid.NewGuid(), "长沙市工信局", OrganizationKind.GovernmentBureau, null, "430100", null, null, Now)).Code);
        Assert.Equal("region_level_mismatch", Assert.Throws<DomainException>(() =>
            Organization.Register(Guid.NewGuid(), "省工信厅", OrganizationKind.GovernmentBureau, BureauLevel.Province, "430100", null, null, Now)).Code);
        Assert.Equal("region_level_mismatch", Assert.Throws<DomainException>(() =>
            Organization.Register(Guid.NewGuid(), "某市局", OrganizationKind.GovernmentBureau, BureauLevel.City, "430000", null, null, Now)).Code);
        var city = Organization.Register(Guid.NewGuid(), "长沙市工信局", OrganizationKind.GovernmentBureau, BureauLevel.City, "430100", null, null, Now);
        Assert.Equal(BureauLevel.City, city.BureauLevel);
    }

    [Fact]
    public void Only_bureaus_have_a_level()
    {
        var ex = Assert.Throws<DomainException>(() =>
            Organization.Register(Guid.NewGuid(), "某企业", OrganizationKind.Company, BureauLevel.City, "430100", null, null, Now));
        Assert.Equal("bureau_level_not_allowed", ex.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Name_is_required(string name)
    {
        Assert.Throws<DomainException>(() => Organization.Register(Guid.NewGuid(), name, OrganizationKind.Company, null, "430100", null, null, Now));
    }

    [Fact]
    public void Overlong_name_and_wrong_length_credit_code_are_refused()
    {
        Assert.Throws<DomainException>(() => Organization.Register(Guid.NewGuid(), new string('厂', 101), OrganizationKind.Company, null, "430100", null, null, Now));
        Assert.Equal("credit_code_invalid", Assert.Throws<DomainException>(() =>
            Organization.Register(Guid.NewGuid(), "某企业", OrganizationKind.Company, null, "430100", "9143", null, Now)).Code);
    }
}
