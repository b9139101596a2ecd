using Marketplace.Application.Matching;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

public static class MatchingEndpoints
{
    public static RouteGroupBuilder MapMatchingEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/challenges/{id:guid}/matches", async Task<Ok<ChallengeMatchesDto>> (Guid id, int? top, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetChallengeMatches(id, top ?? 20), ct)))
            .RequireAuthorization()
            .WithTags("精准对接")
            .WithSummary("推荐工程师：检索召回 + 学习排序模型，附中文推荐理由（仅发榜企业与服务中心；定向邀请榜单同样适用）");

        api.MapGet("/engineers/{id:guid}/recommended-challenges", async Task<Ok<RecommendedChallengesDto>> (Guid id, int? top, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetRecommendedChallenges(id, top ?? 10), ct)))
            .RequireAuthorization()
            .WithTags("精准对接")
            .WithSummary("为你推荐：该工程师最可能揭榜成功的在榜需求（本人或服务中心；未受邀的定向邀请榜单从不出现）");
        return api;
    }
}
