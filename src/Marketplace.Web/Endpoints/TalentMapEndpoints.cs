using Marketplace.Application.Engineers;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

public static class TalentMapEndpoints
{
    public static RouteGroupBuilder MapTalentMapEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/talent-map", async Task<Ok<TalentMapDto>> (string? cluster, string? city, string? by, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetTalentMap(cluster, city, by), ct)))
            .RequireAuthorization()
            .WithTags("人才图谱")
            .WithSummary("区域产业人才图谱：按市州×产业集群×职称（by=title）或卓越工程师层级（by=tier）统计工程师，并对比在榜需求与今日可服务供给")
            .WithDescription("scope=full（主管部门、中心运营方、平台管理员）：市州×集群交叉、职称/层级分布与供需缺口明细，可按 cluster、city（市州代码）筛选；"
                + "scope=aggregate（企业及其他登录用户）：仅全省按集群与按市州的合计，不应用筛选。未知的集群或市州代码返回 400。");
        return api;
    }
}
