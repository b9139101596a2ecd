using Marketplace.Application.Reference;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

public static class ReferenceEndpoints
{
    public static RouteGroupBuilder MapReferenceEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/reference", async Task<Ok<ReferenceDataDto>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetReferenceData(), ct)))
            .AllowAnonymous()
            .WithTags("基础数据")
            .WithSummary("产业集群、技能目录、市州、职称、卓越工程师层级与服务类型");
        return api;
    }
}
