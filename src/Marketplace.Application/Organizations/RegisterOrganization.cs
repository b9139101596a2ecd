using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Organizations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Organizations;

/// <summary>An administrator registers an organization (company, center, university, bureau…) that users can then join.</summary>
public sealed record RegisterOrganization(
    string Name,
    OrganizationKind Kind,
    BureauLevel? BureauLevel,
    string RegionCode,
    string? CreditCode,
    IReadOnlyList<string>? ClusterCodes) : ICommand<OrganizationDto>;

public sealed class RegisterOrganizationValidator : AbstractValidator<RegisterOrganization>
{
    public RegisterOrganizationValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Organization.NameMaxLength).WithName("机构名称");
        RuleFor(x => x.Kind).IsInEnum().WithName("机构类型");
        RuleFor(x => x.BureauLevel).IsInEnum().WithName("主管部门级别");
        RuleFor(x => x.RegionCode).NotEmpty().Matches("^[0-9]{6}$").WithMessage("'所在地区' 应为 6 位行政区划代码。").WithName("所在地区");
        RuleFor(x => x.CreditCode)
            .Matches("^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")
            .When(x => !string.IsNullOrWhiteSpace(x.CreditCode))
            .WithMessage("'统一社会信用代码' 格式不正确（18 位，不含 I、O、S、V、Z）。")
            .WithName("统一社会信用代码");
        RuleFor(x => x.ClusterCodes).Must(c => c is null || c.Count <= 10).WithMessage("'产业集群' 最多 10 项。").WithName("产业集群");
    }
}

public sealed class RegisterOrganizationHandler(IMarketplaceDbContext db, TimeProvider clock)
    : ICommandHandler<RegisterOrganization, OrganizationDto>
{
    public async ValueTask<OrganizationDto> Handle(RegisterOrganization command, CancellationToken cancellationToken)
    {
        await ReferenceChecks.EnsureRegionExists(db, command.RegionCode, cancellationToken);
        await ReferenceChecks.EnsureClustersExist(db, command.ClusterCodes ?? [], cancellationToken);

        var organization = Organization.Register(
            Guid.CreateVersion7(), command.Name, command.Kind, command.BureauLevel, command.RegionCode,
            command.CreditCode, command.ClusterCodes, clock.GetUtcNow());
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(cancellationToken);
        return OrganizationMapper.ToDto(organization);
    }
}

public sealed record GetOrganization(Guid Id) : IQuery<OrganizationDto>;

public sealed class GetOrganizationHandler(IMarketplaceDbContext db) : IQueryHandler<GetOrganization, OrganizationDto>
{
    public async ValueTask<OrganizationDto> Handle(GetOrganization query, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("机构", query.Id);
        return OrganizationMapper.ToDto(organization);
    }
}
