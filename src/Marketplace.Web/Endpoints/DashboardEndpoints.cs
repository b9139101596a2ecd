using Marketplace.Application.Dashboard;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

public static class DashboardEndpoints
{
    public static RouteGroupBuilder MapDashboardEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", async Task<Ok<DashboardDto>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetDashboard(), ct)))
            .RequireAuthorization()
            .WithTags("工作台")
            .WithSummary("当前用户工作台的数字与分布");
        return api;
    }
}
