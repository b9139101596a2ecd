using Marketplace.Application.Challenges;
using Marketplace.Application.Engineers;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

/// <summary>
/// /api/challenges: the 揭榜挂帅 board. Endpoints only translate HTTP to use cases; who may do what in which state is
/// decided by the domain's life-cycle table (403 for the wrong party, 409 naming the state for the wrong moment).
/// Bodies that carry a <c>version</c> are refused with 409 when the listing changed since the caller read it.
/// </summary>
public static class ChallengeEndpoints
{
    public sealed record ReviewBody(uint Version, string? Reason);

    public sealed record VersionBody(uint? Version);

    public sealed record EditBody(uint? Version, PostChallenge Listing);

    public sealed record SupportBody(uint? Version, decimal Amount, string Note);

    public sealed record InviteBody(uint? Version, IReadOnlyList<Guid> EngineerIds);

    public sealed record PanelBody(uint? Version, IReadOnlyList<Guid> ExpertUserIds);

    public sealed record TextBody(string Text);

    public sealed record AnswerBody(string Answer);

    public sealed record ApplyBody(string Proposal, string Plan, decimal Quote, int TimelineDays, IReadOnlyList<TeamMemberInput>? Team);

    public sealed record ScoreBody(IReadOnlyDictionary<string, int> Marks, string? Comment);

    public sealed record ReopenBody(uint? Version, DateTimeOffset ApplicationDeadline);

    public sealed record MilestonesBody(uint? Version, IReadOnlyList<MilestoneInput> Milestones);

    public sealed record DownSelectBody(uint? Version, Guid KeepApplicationId);

    public sealed record NoteBody(string Note);

    public sealed record MilestoneReviewBody(uint? Version, bool Accept, string? Comment);

    public sealed record VerificationBody(uint? Version, string VerifierName, string Location, bool Passed, string Report);

    public sealed record EvaluationBody(int Rating, decimal CostSaved, decimal OutputAdded, string? Note);

    public sealed record CancelBody(uint? Version, string Reason);

    public static RouteGroupBuilder MapChallengeEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/challenges").WithTags("揭榜挂帅").RequireAuthorization();

        group.MapGet("/", async Task<Ok<PagedResult<ChallengeSummaryDto>>> (
                    string? cluster, string? skill, string? city, decimal? minBounty, decimal? maxBounty, ChallengeStatus? status,
                    ChallengeSort? sort, int? page, int? size, string? q, bool? mine, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListChallenges(cluster, skill, city, minBounty, maxBounty, status, sort ?? ChallengeSort.Newest, page ?? 1, size ?? 20, q, mine ?? false), ct)))
            .WithSummary("浏览榜单（按关键词、产业集群、技能、市州、悬赏区间、状态筛选；mine=true 为本企业榜单或本人中榜的榜单；定向邀请榜单仅对受邀者可见）");

        group.MapGet("/criteria", async Task<Ok<IReadOnlyList<ScoreCriterionDto>>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetScoreCriteria(), ct)))
            .WithSummary("揭榜申请评分表：评分项与权重");

        group.MapGet("/experts", async Task<Ok<IReadOnlyList<ExpertDto>>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListExperts(), ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Company, Roles.Operator, Roles.Admin))
            .WithSummary("可邀请的评审专家");

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

        Step(group.StepPut("/{id:guid}", (Guid id, EditBody body) => new EditChallenge(id, body.Version, body.Listing)), "修改榜单草稿（企业）");

        MapReview(group, "submit", ReviewStep.Submit, "提交审核（企业）");
        MapReview(group, "publish", ReviewStep.Publish, "审核发布（中心运营方）");
        MapReview(group, "request-changes", ReviewStep.RequestChanges, "退回修改（中心运营方，须说明理由）");
        MapReview(group, "withdraw", ReviewStep.Withdraw, "撤回榜单（企业，须说明理由）");

        Step(group.StepPost("/{id:guid}/support", (Guid id, SupportBody b) => new SetSupport(id, b.Version, b.Amount, b.Note)), "政府助题：设定助题资金与说明（中心运营方）");
        Step(group.StepPost("/{id:guid}/invitations", (Guid id, InviteBody b) => new InviteEngineers(id, b.Version, b.EngineerIds)), "邀请工程师揭榜（企业；定向邀请榜单仅受邀者可见）");
        Step(group.StepPost("/{id:guid}/nda", (Guid id) => new AcceptNda(id)), "签署保密协议（工程师；记录签署时间，之后可见详情）");
        Step(group.StepPost("/{id:guid}/questions", (Guid id, TextBody b) => new AskQuestion(id, b.Text)), "提问（工程师；答复对所有可见榜单的人公开）");
        Step(group.StepPostQuestion("/{id:guid}/questions/{questionId:guid}/answer", (Guid id, Guid questionId, AnswerBody b) => new AnswerQuestion(id, questionId, b.Answer)), "答复提问（企业）");
        Step(group.StepPost("/{id:guid}/panel", (Guid id, PanelBody b) => new AssignPanel(id, b.Version, b.ExpertUserIds)), "组建评审专家组（企业）");
        Step(group.StepPost("/{id:guid}/close", (Guid id, VersionBody b) => new CloseApplications(id, b.Version)), "提前截止揭榜（企业；到截止时间由平台自动截止）");
        Step(group.StepPost("/{id:guid}/start-evaluation", (Guid id, VersionBody b) => new StartEvaluation(id, b.Version)), "开始评审（企业）");
        Step(group.StepPost("/{id:guid}/reopen", (Guid id, ReopenBody b) => new ReopenChallenge(id, b.Version, b.ApplicationDeadline)), "重新发榜（企业；弃榜后无中榜方时）");
        Step(group.StepPut("/{id:guid}/milestones", (Guid id, MilestonesBody b) => new DefineMilestones(id, b.Version, b.Milestones)), "设定里程碑（企业；金额合计等于悬赏加助题）");
        Step(group.StepPost("/{id:guid}/start-work", (Guid id) => new StartWork(id)), "开始攻关（揭榜方）");
        Step(group.StepPost("/{id:guid}/down-select", (Guid id, DownSelectBody b) => new DownSelect(id, b.Version, b.KeepApplicationId)), "赛马择优：保留一方（企业）");
        Step(group.StepPostMilestone("/{id:guid}/milestones/{milestoneId:guid}/deliver", (Guid id, Guid milestoneId, NoteBody b) => new DeliverMilestone(id, milestoneId, b.Note)), "提交里程碑成果（揭榜方）");
        Step(group.StepPostMilestone("/{id:guid}/milestones/{milestoneId:guid}/review", (Guid id, Guid milestoneId, MilestoneReviewBody b) => new ReviewMilestone(id, milestoneId, b.Accept, b.Comment, b.Version)), "验收或退回里程碑（企业；验收即按分配比例释放资金）");
        Step(group.StepPost("/{id:guid}/deliver", (Guid id, NoteBody b) => new DeliverChallenge(id, b.Note)), "交付成果（揭榜方；里程碑全部验收后）");
        Step(group.StepPost("/{id:guid}/verification", (Guid id, VerificationBody b) => new RecordVerification(id, b.Version, b.VerifierName, b.Location, b.Passed, b.Report)), "车间验题：记录验题人、地点、结果与报告（企业或中心运营方）");
        Step(group.StepPost("/{id:guid}/redeliver", (Guid id, NoteBody b) => new Redeliver(id, b.Note)), "验题未通过后重新交付（揭榜方，仅一次）");
        Step(group.StepPost("/{id:guid}/evaluations", (Guid id, EvaluationBody b) => new RecordMarketEvaluation(id, b.Rating, b.CostSaved, b.OutputAdded, b.Note)), "市场评价（企业；结算后 3、6、12 个月可追加跟踪评价）");
        Step(group.StepPost("/{id:guid}/settle", (Guid id, VersionBody b) => new SettleChallenge(id, b.Version)), "结算（企业或中心运营方）");
        Step(group.StepPost("/{id:guid}/cancel", (Guid id, CancelBody b) => new CancelChallenge(id, b.Version, b.Reason)), "取消榜单（企业或中心运营方；未释放的承诺资金作废）");

        group.MapGet("/{id:guid}/applications", async Task<Ok<IReadOnlyList<ApplicationDto>>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListApplications(id), ct)))
            .WithSummary("揭榜申请列表（企业、中心与评审专家看全部已提交申请；工程师只看自己的）");

        group.MapPost("/{id:guid}/applications", async Task<Created<ApplicationDto>> (Guid id, ApplyBody b, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(new ApplyToChallenge(id, b.Proposal, b.Plan, b.Quote, b.TimelineDays, b.Team), ct);
                return TypedResults.Created($"/api/challenges/{id}/applications/{created.Id}", created);
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Engineer))
            .WithSummary("揭榜申请（工程师个人或团队；团队成员分配比例合计 100%，全部确认后提交）");

        group.MapPost("/{id:guid}/applications/{applicationId:guid}/confirm", async Task<Ok<ApplicationDto>> (Guid id, Guid applicationId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ConfirmMembership(id, applicationId), ct)))
            .WithSummary("团队成员确认加入与分配比例");

        group.MapPost("/{id:guid}/applications/{applicationId:guid}/withdraw", async Task<Ok<ApplicationDto>> (Guid id, Guid applicationId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new WithdrawApplication(id, applicationId), ct)))
            .WithSummary("撤回揭榜申请（团队负责人；定榜前）");

        Step(group.StepPostApplication("/{id:guid}/applications/{applicationId:guid}/scores", (Guid id, Guid applicationId, ScoreBody b) => new ScoreApplication(id, applicationId, b.Marks, b.Comment)), "评分（企业或评审专家组成员，按评分表各项 0–100 分）");
        Step(group.StepPostApplication("/{id:guid}/applications/{applicationId:guid}/award", (Guid id, Guid applicationId, VersionBody? b) => new AwardApplication(id, applicationId, b?.Version), bodyOptional: true), "定榜（企业；赛马模式可定多个，总数不超过名额，并发定榜不会超额）");
        Step(group.StepPostApplication("/{id:guid}/applications/{applicationId:guid}/abandon", (Guid id, Guid applicationId, VersionBody b) => new DeclareAbandoned(id, applicationId, b.Version)), "认定弃榜（企业；中榜方连续无活动达到约定天数后，记入其公开档案）");

        api.MapGet("/me/applications", async Task<Ok<IReadOnlyList<MyApplicationDto>>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListMyApplications(), ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Engineer))
            .WithTags("揭榜挂帅")
            .WithSummary("我的揭榜：本人负责或参与的申请、分配比例与已释放金额");
        return api;
    }

    private static void MapReview(RouteGroupBuilder group, string path, ReviewStep step, string summary) =>
        group.MapPost($"/{{id:guid}}/{path}", async Task<Ok<ChallengeDetailDto>> (Guid id, ReviewBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReviewChallenge(id, step, body.Version, body.Reason), ct)))
            .WithSummary(summary);

    private static void Step(RouteHandlerBuilder builder, string summary) => builder.WithSummary(summary);

    // The helpers below build the step command from the route and the body, send it, and answer 200 with the listing
    // as the caller now sees it. Route values bind by parameter name, hence one helper per kind of sub-resource.
    private static RouteHandlerBuilder StepPost(this RouteGroupBuilder group, string pattern, Func<Guid, IChallengeStep> command) =>
        group.MapPost(pattern, async Task<Ok<ChallengeDetailDto>> (Guid id, IMediator mediator, CancellationToken ct) => await RunStep(mediator, command(id), ct));

    private static RouteHandlerBuilder StepPost<TBody>(this RouteGroupBuilder group, string pattern, Func<Guid, TBody, IChallengeStep> command) =>
        group.MapPost(pattern, async Task<Ok<ChallengeDetailDto>> (Guid id, TBody body, IMediator mediator, CancellationToken ct) => await RunStep(mediator, command(id, Required(body)), ct));

    private static RouteHandlerBuilder StepPut<TBody>(this RouteGroupBuilder group, string pattern, Func<Guid, TBody, IChallengeStep> command) =>
        group.MapPut(pattern, async Task<Ok<ChallengeDetailDto>> (Guid id, TBody body, IMediator mediator, CancellationToken ct) => await RunStep(mediator, command(id, Required(body)), ct));

    private static RouteHandlerBuilder StepPostQuestion<TBody>(this RouteGroupBuilder group, string pattern, Func<Guid, Guid, TBody, IChallengeStep> command) =>
        group.MapPost(pattern, async Task<Ok<ChallengeDetailDto>> (Guid id, Guid questionId, TBody body, IMediator mediator, CancellationToken ct) => await RunStep(mediator, command(id, questionId, Required(body)), ct));

    private static RouteHandlerBuilder StepPostMilestone<TBody>(this RouteGroupBuilder group, string pattern, Func<Guid, Guid, TBody, IChallengeStep> command) =>
        group.MapPost(pattern, async Task<Ok<ChallengeDetailDto>> (Guid id, Guid milestoneId, TBody body, IMediator mediator, CancellationToken ct) => await RunStep(mediator, command(id, milestoneId, Required(body)), ct));

    private static RouteHandlerBuilder StepPostApplication<TBody>(this RouteGroupBuilder group, string pattern, Func<Guid, Guid, TBody, IChallengeStep> command, bool bodyOptional = false) =>
        group.MapPost(pattern, async Task<Ok<ChallengeDetailDto>> (Guid id, Guid applicationId, TBody body, IMediator mediator, CancellationToken ct) =>
            await RunStep(mediator, command(id, applicationId, bodyOptional ? body : Required(body)), ct));

    /// <summary>
    /// A generic body parameter carries no nullability, so minimal APIs pass null for a JSON <c>null</c> or an empty
    /// body; the steps need one, and the answer is the framework's own 400 "body required".
    /// </summary>
    private static TBody Required<TBody>(TBody body) =>
        body ?? throw new BadHttpRequestException("The request body was not provided.", StatusCodes.Status400BadRequest);

    private static async Task<Ok<ChallengeDetailDto>> RunStep(IMediator mediator, IChallengeStep command, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(command, ct));
}
