using Marketplace.Domain.Common;

namespace Marketplace.Domain.Accreditation;

/// <summary>
/// 回避: an expert who belongs to the applicant organization cannot be assigned to score it. An expert may be affiliated
/// with several organizations (employer, part-time posts); any one of them being the applicant is a conflict. The
/// application side may pass more than the applicant (e.g. a joint applicant) when a round's rules say so.
/// </summary>
public static class ConflictOfInterest
{
    public static bool HasConflict(IEnumerable<Guid> expertOrganizationIds, IEnumerable<Guid> applicantOrganizationIds)
    {
        ArgumentNullException.ThrowIfNull(expertOrganizationIds);
        ArgumentNullException.ThrowIfNull(applicantOrganizationIds);
        var applicants = applicantOrganizationIds.Where(id => id != Guid.Empty).ToHashSet();
        return expertOrganizationIds.Any(applicants.Contains);
    }

    public static bool HasConflict(Guid? expertOrganizationId, Guid applicantOrganizationId) =>
        expertOrganizationId is { } id && HasConflict([id], [applicantOrganizationId]);

    /// <summary>Refuses the assignment with 409 <c>conflict_of_interest</c> when the expert must recuse.</summary>
    public static void EnsureAssignable(IEnumerable<Guid> expertOrganizationIds, IEnumerable<Guid> applicantOrganizationIds)
    {
        if (HasConflict(expertOrganizationIds, applicantOrganizationIds))
        {
            throw new DomainConflictException(
                "专家需回避",
                "该专家与申报单位属于同一单位，存在利益冲突，不能被指派评审该申报。",
                "conflict_of_interest");
        }
    }
}
