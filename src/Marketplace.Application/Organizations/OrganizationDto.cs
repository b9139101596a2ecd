using Marketplace.Domain.Organizations;
using Riok.Mapperly.Abstractions;

namespace Marketplace.Application.Organizations;

public sealed record OrganizationDto(
    Guid Id,
    string Name,
    OrganizationKind Kind,
    string KindName,
    BureauLevel? BureauLevel,
    string RegionCode,
    string? CreditCode,
    IReadOnlyList<string> ClusterCodes,
    uint Version);

[Mapper]
public static partial class OrganizationMapper
{
    public static OrganizationDto ToDto(Organization organization) =>
        ToDtoCore(organization, Organization.KindName(organization.Kind));

    [MapperIgnoreSource(nameof(Organization.CreatedAt))]
    private static partial OrganizationDto ToDtoCore(Organization organization, string kindName);
}
