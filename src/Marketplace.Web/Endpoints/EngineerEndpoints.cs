using Marketplace.Application.Engineers;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

public static class EngineerEndpoints
{
    public static RouteGroupBuilder MapEngineerEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/engineers").WithTags("工程师").RequireAuthorization();

        group.MapGet("/", async Task<Ok<PagedResult<EngineerSummaryDto>>> (
                    string? cluster, string? city, ProfessionalTitle? minTitle, EngineerSort? sort, int? page, int? size,
                    IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListEngineers(cluster, city, minTitle, sort ?? EngineerSort.Rating, page ?? 1, size ?? 20), ct)))
            .WithSummary("按产业集群、市州、职称浏览工程师");

        group.MapGet("/{id:guid}", async Task<Ok<EngineerDetailDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetEngineer(id), ct)))
            .WithSummary("工程师档案（联系方式仅对本人、运营方及已建立合作的企业可见）");

        group.MapGet("/me", async Task<Ok<EngineerDetailDto>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetMyEngineerProfile(), ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Engineer))
            .WithSummary("我的工程师档案");

        group.MapPut("/me", async Task<Ok<EngineerDetailDto>> (UpdateMyProfile command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command, ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Engineer))
            .WithSummary("更新我的工程师档案（携带读取时的 version；被他人修改过则返回 409）");

        return api;
    }
}
