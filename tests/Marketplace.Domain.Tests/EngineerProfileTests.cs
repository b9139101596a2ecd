using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;

namespace Marketplace.Domain.Tests;

public sealed class EngineerProfileTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static EngineerProfileChanges Changes(
        int years = 10, int hours = 40, decimal? rate = 500m, DateOnly? from = null, DateOnly? until = null,
        int? birthYear = 1985, IReadOnlyList<EngineerSkill>? skills = null) =>
        new("王工", birthYear, "13800001111", "wang@example.cn", ProfessionalTitle.SeniorEngineer, "湘潭某重工", EmployerType.Enterprise,
            "430300", years, ServiceModes.Project | ServiceModes.Advisory, hours, from, until, rate, "简介", ["construction-machinery"],
            skills ?? [new EngineerSkill("cm-hydraulic-system-design", 4)]);

    private static EngineerProfile NewProfile() => EngineerProfile.Create(Guid.NewGuid(), Guid.NewGuid(), "王工", "430300", Now);

    [Fact]
    public void Update_replaces_the_profile_and_stamps_the_time()
    {
        var profile = NewProfile();
        var later = Now.AddHours(1);
        profile.UpdateProfile(Changes(), later);
        Assert.Equal(10, profile.YearsOfPractice);
        Assert.Equal(later, profile.UpdatedAt);
        Assert.Single(profile.Skills);
        Assert.Equal(["项目合作", "顾问指导"], EngineerVocabulary.Names(profile.ServiceModes));
    }

    [Theory]
    [InlineData(-1, 40, 100, "years_out_of_range")]
    [InlineData(61, 40, 100, "years_out_of_range")]
    [InlineData(5, -1, 100, "hours_out_of_range")]
    [InlineData(5, 745, 100, "hours_out_of_range")]
    [InlineData(5, 40, -1, "rate_out_of_range")]
    [InlineData(5, 40, 100001, "rate_out_of_range")]
    public void Out_of_range_numbers_are_refused_and_leave_the_profile_unchanged(int years, int hours, int rate, string code)
    {
        var profile = NewProfile();
        profile.UpdateProfile(Changes(), Now);
        var ex = Assert.Throws<DomainException>(() => profile.UpdateProfile(Changes(years, hours, rate), Now.AddDays(1)));
        Assert.Equal(code, ex.Code);
        Assert.Equal(10, profile.YearsOfPractice);
        Assert.Equal(Now, profile.UpdatedAt);
    }

    [Fact]
    public void Availability_must_end_after_it_starts_and_decides_availability()
    {
        var profile = NewProfile();
        Assert.Equal("availability_invalid", Assert.Throws<DomainException>(() =>
            profile.UpdateProfile(Changes(from: new DateOnly(2026, 6, 1), until: new DateOnly(2026, 5, 1)), Now)).Code);

        profile.UpdateProfile(Changes(from: new DateOnly(2026, 1, 1), until: new DateOnly(2026, 12, 31)), Now);
        Assert.True(profile.IsAvailableOn(new DateOnly(2026, 11, 23)));
        Assert.False(profile.IsAvailableOn(new DateOnly(2027, 1, 1)));

        profile.UpdateProfile(Changes(hours: 0), Now);
        Assert.False(profile.IsAvailableOn(new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void Skills_must_be_distinct_and_levels_within_one_to_five()
    {
        var profile = NewProfile();
        Assert.Equal("duplicate_skill", Assert.Throws<DomainException>(() => profile.UpdateProfile(
            Changes(skills: [new("a", 2), new("a", 3)]), Now)).Code);
        Assert.Equal("skill_level_out_of_range", Assert.Throws<DomainException>(() => profile.UpdateProfile(
            Changes(skills: [new("a", 6)]), Now)).Code);
        Assert.Equal("too_many_skills", Assert.Throws<DomainException>(() => profile.UpdateProfile(
            Changes(skills: Enumerable.Range(0, 31).Select(i => new EngineerSkill("s" + i, 3)).ToList()), Now)).Code);
    }

    [Fact]
    public void Birth_year_must_be_plausible()
    {
        var profile = NewProfile();
        Assert.Equal("birth_year_invalid", Assert.Throws<DomainException>(() => profile.UpdateProfile(Changes(birthYear: 2020), Now)).Code);
        Assert.Equal("birth_year_invalid", Assert.Throws<DomainException>(() => profile.UpdateProfile(Changes(birthYear: 1900), Now)).Code);
    }

    [Theory]
    [InlineData(true, false, false, true)]
    [InlineData(false, true, false, true)]
    [InlineData(false, false, true, true)]
    [InlineData(false, false, false, false)]
    public void Contact_details_follow_the_contact_policy(bool self, bool staff, bool engaged, bool visible)
    {
        Assert.Equal(visible, ContactPolicy.CanSeeContact(self, staff, engaged));
    }
}
