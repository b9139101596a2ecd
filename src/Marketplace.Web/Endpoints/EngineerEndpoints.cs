using Marketplace.Application.Engineers;
using Marketplace.Application.Engineers.Search;
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

        group.MapGet("/", async Task<Results<Ok<PagedResult<EngineerSummaryDto>>, Ok<EngineerSearchPage>>> (
                    string? q, string? cluster, string? skill, string? city, ProfessionalTitle? minTitle, ExcellenceTier? tier,
                    ServiceModes? serviceMode, bool? availableNow, EngineerSort? sort, int? page, int? size,
                    IMediator mediator, CancellationToken ct) =>
                {
                    // The search index answers free text, the filters only it knows, and relevance order; the plain
                    // directory (cluster, city, title, newest) stays an exact SQL query.
                    var useIndex = !string.IsNullOrWhiteSpace(q) || skill is not null || tier is not null || serviceMode is not null
                        || availableNow == true || sort == EngineerSort.Relevance;
                    if (useIndex)
                    {
                        return TypedResults.Ok(await mediator.Send(
                            new SearchEngineers
                            {
                                Q = q?.Trim(),
                                Clusters = One(cluster),
                                Skills = One(skill),
                                Cities = One(city),
                                MinTitle = minTitle,
                                Tiers = tier is { } t ? [t.ToString()] : [],
                                Modes = serviceMode is { } m ? [.. Enum.GetValues<ServiceModes>().Where(x => x != ServiceModes.None && m.HasFlag(x)).Select(x => x.ToString())] : [],
                                Availability = availableNow == true ? [EngineerFacets.AvailableNow] : [],
                                Sort = sort ?? (string.IsNullOrWhiteSpace(q) ? EngineerSort.Rating : EngineerSort.Relevance),
                                Page = page ?? 1,
                                Size = size ?? 20,
                            },
                            ct));
                    }

                    return TypedResults.Ok(await mediator.Send(
                        new ListEngineers(cluster, city, minTitle, sort ?? EngineerSort.Rating, page ?? 1, size ?? 20), ct));
                })
            .WithSummary("搜索与浏览工程师：q 为中文全文检索（返回高亮摘要与分面计数），也可按产业集群、技能、市州、职称、层级、服务方式、当前可服务筛选");

        group.MapGet("/search", async Task<Ok<EngineerSearchPage>> (
                    string? q, string[]? cluster, string[]? skill, string[]? city, string[]? title, ProfessionalTitle? minTitle,
                    string[]? tier, string[]? serviceMode, string[]? availability, EngineerSort? sort, int? page, int? size,
                    IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(
                    new SearchEngineers
                    {
                        Q = q,
                        Clusters = cluster ?? [],
                        Skills = skill ?? [],
                        Cities = city ?? [],
                        Titles = title ?? [],
                        MinTitle = minTitle,
                        Tiers = tier ?? [],
                        Modes = serviceMode ?? [],
                        Availability = availability ?? [],
                        Sort = sort ?? (string.IsNullOrWhiteSpace(q) ? EngineerSort.Rating : EngineerSort.Relevance),
                        Page = page ?? 1,
                        Size = size ?? 20,
                    },
                    ct)))
            .WithSummary("工程师全文检索：q 为中文检索词；cluster/skill/city/title/tier/serviceMode/availability 可重复（同一维度任一满足，不同维度同时满足）；分面计数按“侧向钻取”计算；size 最大 100，未知取值返回 400");

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

    private static string[] One(string? value) => string.IsNullOrWhiteSpace(value) ? [] : [value];
}
