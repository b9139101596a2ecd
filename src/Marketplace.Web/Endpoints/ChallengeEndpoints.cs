using Marketplace.Application.Challenges;
using Marketplace.Application.Engineers;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

public static class ChallengeEndpoints
{
    /// <summary>Body of a review step: the version the caller read and, for send-back and withdraw, the reason.</summary>
    public sealed record ReviewBody(uint Version, string? Reason);

    public static RouteGroupBuilder MapChallengeEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/challenges").WithTags("揭榜挂帅").RequireAuthorization();

        group.MapGet("/", async Task<Ok<PagedResult<ChallengeSummaryDto>>> (
                    string? cluster, string? skill, string? city, decimal? minBounty, decimal? maxBounty, ChallengeStatus? status,
                    ChallengeSort? sort, int? page, int? size, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListChallenges(cluster, skill, city, minBounty, maxBounty, status, sort ?? ChallengeSort.Newest, page ?? 1, size ?? 20), ct)))
            .WithSummary("浏览榜单（按产业集群、技能、市州、悬赏区间、状态筛选；定向邀请榜单仅对受邀者可见）");

        group.MapGet("/{id:guid}", async Task<Ok<ChallengeDetailDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetChallenge(id), ct)))
            .WithSummary("榜单详情（保密榜单签署保密协议后可见详情；不可见的榜单返回 404）");

        group.MapPost("/", async Task<Created<ChallengeDetailDto>> (PostChallenge command, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/challenges/{created.Id}", created);
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Company))
            .WithSummary("企业出题：创建榜单草稿");

        MapReview(group, "submit", ReviewStep.Submit, "提交审核（企业）");
        MapReview(group, "publish", ReviewStep.Publish, "审核发布（中心运营方）");
        MapReview(group, "request-changes", ReviewStep.RequestChanges, "退回修改（中心运营方，须说明理由）");
        MapReview(group, "withdraw", ReviewStep.Withdraw, "撤回榜单（企业，须说明理由）");
        return api;
    }

    private static void MapReview(RouteGroupBuilder group, string path, ReviewStep step, string summary) =>
        group.MapPost($"/{{id:guid}}/{path}", async Task<Ok<ChallengeDetailDto>> (Guid id, ReviewBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReviewChallenge(id, step, body.Version, body.Reason), ct)))
            .WithSummary(summary);
}
