using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Tests.Accreditation;

public sealed class ConflictOfInterestTests
{
    private static readonly Guid Applicant = Guid.NewGuid();

    [Fact]
    public void An_expert_of_the_applicant_organization_cannot_be_assigned()
    {
        Assert.True(ConflictOfInterest.HasConflict(Applicant, Applicant));
        var e = Assert.Throws<DomainConflictException>(() => ConflictOfInterest.EnsureAssignable([Guid.NewGuid(), Applicant], [Applicant]));
        Assert.Equal("conflict_of_interest", e.Code);
        Assert.Equal("专家需回避", e.Title);
    }

    [Fact]
    public void An_expert_of_another_organization_or_of_none_can_be_assigned()
    {
        Assert.False(ConflictOfInterest.HasConflict(Guid.NewGuid(), Applicant));
        Assert.False(ConflictOfInterest.HasConflict(null, Applicant));
        Assert.False(ConflictOfInterest.HasConflict([], [Applicant]));
        Assert.False(ConflictOfInterest.HasConflict([Guid.Empty], [Guid.Empty]));
        ConflictOfInterest.EnsureAssignable([Guid.NewGuid()], [Applicant]);
    }
}
