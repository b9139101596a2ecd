using Marketplace.Application.Organizations;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

public static class OrganizationEndpoints
{
    public static RouteGroupBuilder MapOrganizationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/organizations").WithTags("机构").RequireAuthorization();

        group.MapPost("/", async Task<Created<OrganizationDto>> (RegisterOrganization command, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/organizations/{created.Id}", created);
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .WithSummary("登记机构（平台管理员）");

        group.MapGet("/{id:guid}", async Task<Ok<OrganizationDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetOrganization(id), ct)))
            .WithSummary("机构详情");

        return api;
    }
}
