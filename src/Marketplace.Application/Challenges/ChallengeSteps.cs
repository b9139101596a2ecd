using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.EntityFrameworkCore;
using static Marketplace.Application.Challenges.ChallengeNotifier;

namespace Marketplace.Application.Challenges;

/// <summary>
/// A step on one listing. <see cref="Version"/> is the listing version the caller read: when given, a listing that
/// changed since is refused with 409 (the company's decisions); when null, the step runs on the current state.
/// </summary>
public interface IChallengeStep : ICommand<ChallengeDetailDto>
{
    Guid Id { get; }

    uint? Version { get; }
}

/// <summary>Runs a step through <see cref="ChallengeWorkflow"/>: the handlers only say what the step does.</summary>
public abstract class ChallengeStepHandler<TStep>(ChallengeWorkflow workflow) : ICommandHandler<TStep, ChallengeDetailDto>
    where TStep : IChallengeStep
{
    public async ValueTask<ChallengeDetailDto> Handle(TStep command, CancellationToken cancellationToken) =>
        await workflow.RunAsync(command.Id, command.Version, ctx => Act(command, ctx, cancellationToken), cancellationToken);

    protected abstract Task Act(TStep command, StepContext ctx, CancellationToken ct);
}

// ---- 企业出题 / 政府助题 -----------------------------------------------------------------------------------------------

public sealed record EditChallenge(Guid Id, uint? Version, PostChallenge Listing) : IChallengeStep;

public sealed class EditChallengeValidator : AbstractValidator<EditChallenge>
{
    public EditChallengeValidator(TimeProvider clock)
    {
        RuleFor(x => x.Listing).NotNull().SetValidator(new PostChallengeValidator(clock)).WithName("榜单");
    }
}

public sealed class EditChallengeHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<EditChallenge>(workflow)
{
    protected override async Task Act(EditChallenge command, StepContext ctx, CancellationToken ct)
    {
        await PostChallengeHandler.EnsureReferencesAsync(db, command.Listing, ct);
        ctx.Challenge.Edit(ctx.Actor, PostChallengeHandler.ToListing(command.Listing), ctx.Now);
    }
}

public sealed record SetSupport(Guid Id, uint? Version, decimal Amount, string Note) : IChallengeStep;

public sealed class SetSupportValidator : AbstractValidator<SetSupport>
{
    public SetSupportValidator()
    {
        RuleFor(x => x.Amount).GreaterThan(0).LessThanOrEqualTo(Challenge.MaxSupport).PrecisionScale(14, 2, true).WithName("助题资金");
        RuleFor(x => x.Note).NotEmpty().MaximumLength(Challenge.ReasonMaxLength).WithName("助题说明");
    }
}

public sealed class SetSupportHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<SetSupport>(workflow)
{
    protected override Task Act(SetSupport command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.SetSupport(ctx.Actor, command.Amount, command.Note, ctx.Now);
        ctx.Notify.Tell(Audience.Owner, "challenge.support", "政府助题", $"「{ctx.Challenge.Title}」获得助题资金 {command.Amount:N2} 元：{command.Note}");
        return Task.CompletedTask;
    }
}

public sealed record InviteEngineers(Guid Id, uint? Version, IReadOnlyList<Guid> EngineerIds) : IChallengeStep;

public sealed class InviteEngineersValidator : AbstractValidator<InviteEngineers>
{
    public InviteEngineersValidator()
    {
        RuleFor(x => x.EngineerIds).Cascade(CascadeMode.Stop).NotNull().Must(ids => ids.Count is >= 1 and <= 50).WithMessage("'受邀工程师' 应为 1 到 50 位。").WithName("受邀工程师");
    }
}

public sealed class InviteEngineersHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<InviteEngineers>(workflow)
{
    protected override async Task Act(InviteEngineers command, StepContext ctx, CancellationToken ct)
    {
        var ids = command.EngineerIds.Distinct().ToList();
        var known = await db.Engineers.Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
        if (known.Count != ids.Count)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("engineerIds", "受邀工程师中有不存在的工程师。")]);
        }

        ctx.Challenge.Invite(ctx.Actor, ids, ctx.Now);
        ctx.Notify.Tell(Audience.Engineers, ids, "challenge.invited", "邀请揭榜", $"企业邀请你查看并揭榜「{ctx.Challenge.Title}」。");
    }
}

public sealed record AcceptNda(Guid Id) : IChallengeStep
{
    public uint? Version => null;
}

public sealed class AcceptNdaHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<AcceptNda>(workflow)
{
    protected override Task Act(AcceptNda command, StepContext ctx, CancellationToken ct)
    {
        if (ctx.Actor.EngineerId is not { } engineerId)
        {
            throw new ForbiddenException("只有工程师需要签署保密协议。");
        }

        ctx.Challenge.AcceptNda(engineerId, ctx.Now);
        return Task.CompletedTask;
    }
}

// ---- 答疑 -----------------------------------------------------------------------------------------------------------

public sealed record AskQuestion(Guid Id, string Text) : IChallengeStep
{
    public uint? Version => null;
}

public sealed class AskQuestionValidator : AbstractValidator<AskQuestion>
{
    public AskQuestionValidator() => RuleFor(x => x.Text).NotEmpty().MaximumLength(ChallengeQuestion.TextMaxLength).WithName("问题");
}

public sealed class AskQuestionHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<AskQuestion>(workflow)
{
    protected override Task Act(AskQuestion command, StepContext ctx, CancellationToken ct)
    {
        // Other companies and authorities may read public listings, but questions are the applicants' channel.
        if (ctx.Actor.EngineerId is null)
        {
            throw new ForbiddenException("只有工程师可以在榜单下提问。");
        }

        ctx.Challenge.AskQuestion(ctx.Actor, Guid.NewGuid(), command.Text, ctx.Now);
        ctx.Notify.Tell(Audience.Owner, "challenge.question", "新的提问", $"「{ctx.Challenge.Title}」收到提问：{command.Text}");
        return Task.CompletedTask;
    }
}

public sealed record AnswerQuestion(Guid Id, Guid QuestionId, string Answer) : IChallengeStep
{
    public uint? Version => null;
}

public sealed class AnswerQuestionValidator : AbstractValidator<AnswerQuestion>
{
    public AnswerQuestionValidator() => RuleFor(x => x.Answer).NotEmpty().MaximumLength(ChallengeQuestion.TextMaxLength).WithName("答复");
}

public sealed class AnswerQuestionHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<AnswerQuestion>(workflow)
{
    protected override Task Act(AnswerQuestion command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.AnswerQuestion(ctx.Actor, command.QuestionId, command.Answer, ctx.Now);
        var asker = ctx.Challenge.Questions.First(q => q.Id == command.QuestionId).AskedByUserId;
        ctx.Notify.Tell(Audience.Users, [asker], "challenge.answer", "提问已答复", $"「{ctx.Challenge.Title}」的发榜企业答复了你的提问。");
        return Task.CompletedTask;
    }
}

// ---- 评审 -----------------------------------------------------------------------------------------------------------

public sealed record AssignPanel(Guid Id, uint? Version, IReadOnlyList<Guid> ExpertUserIds) : IChallengeStep;

public sealed class AssignPanelValidator : AbstractValidator<AssignPanel>
{
    public AssignPanelValidator()
    {
        RuleFor(x => x.ExpertUserIds).Cascade(CascadeMode.Stop).NotNull().Must(ids => ids.Count <= Challenge.MaxPanelSize)
            .WithMessage($"'评审专家' 最多 {Challenge.MaxPanelSize} 位。").WithName("评审专家");
    }
}

public sealed class AssignPanelHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<AssignPanel>(workflow)
{
    protected override async Task Act(AssignPanel command, StepContext ctx, CancellationToken ct)
    {
        var ids = command.ExpertUserIds.Distinct().ToList();
        var experts = await db.UserIdsInRole(Roles.Expert).Where(id => ids.Contains(id)).CountAsync(ct);
        if (experts != ids.Count)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("expertUserIds", "评审专家中有不是专家账户的用户。")]);
        }

        var added = ids.Except(ctx.Challenge.PanelUserIds).ToList();
        ctx.Challenge.AssignPanel(ctx.Actor, ids, ctx.Now);
        ctx.Notify.Tell(Audience.Users, added, "challenge.panel", "评审邀请", $"你被邀请评审「{ctx.Challenge.Title}」的揭榜申请。");
    }
}

public sealed record CloseApplications(Guid Id, uint? Version) : IChallengeStep;

public sealed class CloseApplicationsHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<CloseApplications>(workflow)
{
    protected override async Task Act(CloseApplications command, StepContext ctx, CancellationToken ct)
    {
        var submitted = await db.ChallengeApplications.CountAsync(a => a.ChallengeId == ctx.Challenge.Id && a.Status == ApplicationStatus.Submitted, ct);
        ctx.Challenge.CloseApplications(ctx.Actor, submitted, ctx.Now);
        ctx.Notify.Tell(Audience.Applicants, "challenge.closed", "揭榜已截止", $"「{ctx.Challenge.Title}」已截止揭榜，进入评审。");
    }
}

public sealed record StartEvaluation(Guid Id, uint? Version) : IChallengeStep;

public sealed class StartEvaluationHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<StartEvaluation>(workflow)
{
    protected override Task Act(StartEvaluation command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.StartEvaluation(ctx.Actor, ctx.Now);
        ctx.Notify.Tell(Audience.Users, ctx.Challenge.PanelUserIds, "challenge.evaluation", "开始评审", $"「{ctx.Challenge.Title}」开始评审，请为揭榜申请评分。");
        return Task.CompletedTask;
    }
}

public sealed record ScoreApplication(Guid Id, Guid ApplicationId, IReadOnlyDictionary<string, int> Marks, string? Comment) : IChallengeStep
{
    public uint? Version => null;
}

public sealed class ScoreApplicationValidator : AbstractValidator<ScoreApplication>
{
    public ScoreApplicationValidator()
    {
        RuleFor(x => x.Marks).NotNull().WithName("评分");
        RuleFor(x => x.Comment).MaximumLength(1000).WithName("评审意见");
    }
}

public sealed class ScoreApplicationHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<ScoreApplication>(workflow)
{
    protected override async Task Act(ScoreApplication command, StepContext ctx, CancellationToken ct)
    {
        var application = await ApplicationsOf(db, ctx.Challenge).FirstOrDefaultAsync(a => a.Id == command.ApplicationId, ct)
            ?? throw new NotFoundException("揭榜申请", command.ApplicationId);
        ctx.Challenge.Score(ctx.Actor, application, command.Marks, command.Comment, ctx.Now);
    }

    internal static IQueryable<ChallengeApplication> ApplicationsOf(IMarketplaceDbContext db, Challenge challenge) =>
        db.ChallengeApplications.Where(a => a.ChallengeId == challenge.Id);
}

// ---- 挂帅 -----------------------------------------------------------------------------------------------------------

public sealed record AwardApplication(Guid Id, Guid ApplicationId, uint? Version = null) : IChallengeStep;

public sealed class AwardApplicationHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<AwardApplication>(workflow)
{
    protected override async Task Act(AwardApplication command, StepContext ctx, CancellationToken ct)
    {
        var application = await ScoreApplicationHandler.ApplicationsOf(db, ctx.Challenge).FirstOrDefaultAsync(a => a.Id == command.ApplicationId, ct)
            ?? throw new NotFoundException("揭榜申请", command.ApplicationId);
        ctx.Challenge.Award(ctx.Actor, application, ctx.Now);
        var members = application.Members.Select(m => m.EngineerId).ToList();
        foreach (var engineer in await db.Engineers.Where(e => members.Contains(e.Id)).ToListAsync(ct))
        {
            engineer.RecordChallengeWon(ctx.Now);
        }

        ctx.Notify.Tell(Audience.Engineers, members, "challenge.awarded", "你已中榜", $"恭喜！你的揭榜申请在「{ctx.Challenge.Title}」中榜（挂帅）。");
    }
}

public sealed record ReopenChallenge(Guid Id, uint? Version, DateTimeOffset ApplicationDeadline) : IChallengeStep;

public sealed class ReopenChallengeValidator : AbstractValidator<ReopenChallenge>
{
    public ReopenChallengeValidator(TimeProvider clock) =>
        RuleFor(x => x.ApplicationDeadline).GreaterThan(_ => clock.GetUtcNow()).WithMessage("'揭榜截止时间' 必须晚于当前时间。").WithName("揭榜截止时间");
}

public sealed class ReopenChallengeHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<ReopenChallenge>(workflow)
{
    protected override Task Act(ReopenChallenge command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.Reopen(ctx.Actor, command.ApplicationDeadline.ToUniversalTime(), ctx.Now);
        ctx.Notify.Tell(Audience.Applicants, "challenge.reopened", "榜单重新发榜", $"「{ctx.Challenge.Title}」重新开放揭榜，截止 {command.ApplicationDeadline.China()}。");
        return Task.CompletedTask;
    }
}

public sealed record DeclareAbandoned(Guid Id, Guid ApplicationId, uint? Version) : IChallengeStep;

public sealed class DeclareAbandonedHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<DeclareAbandoned>(workflow)
{
    protected override async Task Act(DeclareAbandoned command, StepContext ctx, CancellationToken ct)
    {
        var application = await ScoreApplicationHandler.ApplicationsOf(db, ctx.Challenge).FirstOrDefaultAsync(a => a.Id == command.ApplicationId, ct)
            ?? throw new NotFoundException("揭榜申请", command.ApplicationId);
        var members = ctx.Challenge.DeclareAbandoned(ctx.Actor, application, ctx.Now);
        foreach (var engineer in await db.Engineers.Where(e => members.Contains(e.Id)).ToListAsync(ct))
        {
            engineer.RecordAbandonment(ctx.Now);
        }

        ctx.Notify.Tell(Audience.Engineers, members, "challenge.abandoned", "已被认定弃榜",
            $"你在「{ctx.Challenge.Title}」连续 {ctx.Challenge.AbandonAfterDays} 天无进展，发榜企业认定弃榜，已记入公开档案。");
        ctx.Notify.Tell(Audience.Operators, "challenge.abandoned", "弃榜", $"「{ctx.Challenge.Title}」的中榜方被认定弃榜。");
    }
}

// ---- 攻关与交付 -----------------------------------------------------------------------------------------------------

public sealed record MilestoneInput(string Title, DateOnly DueDate, decimal Amount);

public sealed record DefineMilestones(Guid Id, uint? Version, IReadOnlyList<MilestoneInput> Milestones) : IChallengeStep;

public sealed class DefineMilestonesValidator : AbstractValidator<DefineMilestones>
{
    public DefineMilestonesValidator()
    {
        RuleFor(x => x.Milestones).Cascade(CascadeMode.Stop).NotNull().Must(m => m.Count is >= 1 and <= Challenge.MaxMilestones)
            .WithMessage($"'里程碑' 应有 1 到 {Challenge.MaxMilestones} 个。").WithName("里程碑");
        RuleForEach(x => x.Milestones).ChildRules(m =>
        {
            m.RuleFor(x => x.Title).NotEmpty().MaximumLength(Milestone.TitleMaxLength).WithName("里程碑名称");
            m.RuleFor(x => x.Amount).GreaterThan(0).PrecisionScale(14, 2, true).WithName("里程碑金额");
        });
    }
}

public sealed class DefineMilestonesHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<DefineMilestones>(workflow)
{
    protected override Task Act(DefineMilestones command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.DefineMilestones(ctx.Actor, command.Milestones.Select(m => new MilestonePlan(m.Title, m.DueDate, m.Amount)).ToList(), ctx.Now);
        ctx.Notify.Tell(Audience.Takers, "challenge.milestones", "里程碑已设定", $"「{ctx.Challenge.Title}」设定了 {command.Milestones.Count} 个里程碑，可以开始攻关。");
        return Task.CompletedTask;
    }
}

public sealed record StartWork(Guid Id) : IChallengeStep
{
    public uint? Version => null;
}

public sealed class StartWorkHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<StartWork>(workflow)
{
    protected override Task Act(StartWork command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.StartWork(ctx.Actor, ctx.Now);
        ctx.Notify.Tell(Audience.Owner, "challenge.started", "开始攻关", $"「{ctx.Challenge.Title}」的揭榜方已开始攻关。");
        return Task.CompletedTask;
    }
}

public sealed record DownSelect(Guid Id, uint? Version, Guid KeepApplicationId) : IChallengeStep;

public sealed class DownSelectHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<DownSelect>(workflow)
{
    protected override async Task Act(DownSelect command, StepContext ctx, CancellationToken ct)
    {
        var awardedIds = ctx.Challenge.ActiveAwards.Select(a => a.ApplicationId).ToList();
        var awarded = await db.ChallengeApplications.Where(a => awardedIds.Contains(a.Id)).ToListAsync(ct);
        var eliminated = ctx.Challenge.DownSelect(ctx.Actor, command.KeepApplicationId, awarded, ctx.Now);
        var members = awarded.Where(a => eliminated.Contains(a.Id)).SelectMany(a => a.Members.Select(m => m.EngineerId)).ToList();
        ctx.Notify.Tell(Audience.Engineers, members, "challenge.eliminated", "赛马未入选", $"「{ctx.Challenge.Title}」赛马择优结束，你的团队未被保留。感谢参与！");
        ctx.Notify.Tell(Audience.Takers, "challenge.kept", "赛马胜出", $"「{ctx.Challenge.Title}」赛马择优保留了你的团队，请继续攻关。");
    }
}

public sealed record DeliverMilestone(Guid Id, Guid MilestoneId, string Note) : IChallengeStep
{
    public uint? Version => null;
}

public sealed class DeliverMilestoneValidator : AbstractValidator<DeliverMilestone>
{
    public DeliverMilestoneValidator() => RuleFor(x => x.Note).NotEmpty().MaximumLength(Milestone.NoteMaxLength).WithName("成果说明");
}

public sealed class DeliverMilestoneHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<DeliverMilestone>(workflow)
{
    protected override Task Act(DeliverMilestone command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.DeliverMilestone(ctx.Actor, command.MilestoneId, command.Note, ctx.Now);
        var title = ctx.Challenge.Milestones.First(m => m.Id == command.MilestoneId).Title;
        ctx.Notify.Tell(Audience.Owner, "challenge.milestone-delivered", "里程碑待验收", $"「{ctx.Challenge.Title}」的里程碑「{title}」已提交，请验收。");
        return Task.CompletedTask;
    }
}

public sealed record ReviewMilestone(Guid Id, Guid MilestoneId, bool Accept, string? Comment, uint? Version = null) : IChallengeStep;

public sealed class ReviewMilestoneValidator : AbstractValidator<ReviewMilestone>
{
    public ReviewMilestoneValidator()
    {
        RuleFor(x => x.Comment).MaximumLength(Milestone.NoteMaxLength).WithName("验收意见");
        RuleFor(x => x.Comment).NotEmpty().When(x => !x.Accept).WithMessage("'验收意见' 不能为空：退回时请说明原因。").WithName("验收意见");
    }
}

public sealed class ReviewMilestoneHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<ReviewMilestone>(workflow)
{
    protected override Task Act(ReviewMilestone command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.ReviewMilestone(ctx.Actor, command.MilestoneId, command.Accept, command.Comment, ctx.Now);
        var milestone = ctx.Challenge.Milestones.First(m => m.Id == command.MilestoneId);
        ctx.Notify.Tell(Audience.Takers, command.Accept ? "challenge.milestone-accepted" : "challenge.milestone-returned",
            command.Accept ? "里程碑已验收" : "里程碑被退回",
            command.Accept
                ? $"「{ctx.Challenge.Title}」的里程碑「{milestone.Title}」已验收，{milestone.Amount:N2} 元按团队分配比例记入释放。"
                : $"「{ctx.Challenge.Title}」的里程碑「{milestone.Title}」被退回：{command.Comment}");
        return Task.CompletedTask;
    }
}

public sealed record DeliverChallenge(Guid Id, string Note) : IChallengeStep
{
    public uint? Version => null;
}

public sealed class DeliverChallengeValidator : AbstractValidator<DeliverChallenge>
{
    public DeliverChallengeValidator() => RuleFor(x => x.Note).NotEmpty().MaximumLength(Milestone.NoteMaxLength).WithName("交付说明");
}

public sealed class DeliverChallengeHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<DeliverChallenge>(workflow)
{
    protected override Task Act(DeliverChallenge command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.Deliver(ctx.Actor, command.Note, ctx.Now);
        ctx.Notify.Tell(Audience.Owner, "challenge.delivered", "成果已交付", $"「{ctx.Challenge.Title}」已交付成果，待车间验题。");
        ctx.Notify.Tell(Audience.Operators, "challenge.delivered", "成果待验题", $"「{ctx.Challenge.Title}」已交付成果，待车间验题。");
        return Task.CompletedTask;
    }
}

public sealed record RecordVerification(Guid Id, uint? Version, string VerifierName, string Location, bool Passed, string Report) : IChallengeStep;

public sealed class RecordVerificationValidator : AbstractValidator<RecordVerification>
{
    public RecordVerificationValidator()
    {
        RuleFor(x => x.VerifierName).NotEmpty().MaximumLength(100).WithName("验题人");
        RuleFor(x => x.Location).NotEmpty().MaximumLength(200).WithName("验题地点");
        RuleFor(x => x.Report).NotEmpty().MaximumLength(Challenge.DescriptionMaxLength).WithName("验题报告");
    }
}

public sealed class RecordVerificationHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<RecordVerification>(workflow)
{
    protected override async Task Act(RecordVerification command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.RecordVerification(ctx.Actor, command.VerifierName, command.Location, command.Passed, command.Report, ctx.Now);
        if (command.Passed)
        {
            var takers = ctx.Challenge.ActiveAwards.SelectMany(a => a.Shares.Select(s => s.EngineerId)).ToList();
            foreach (var engineer in await db.Engineers.Where(e => takers.Contains(e.Id)).ToListAsync(ct))
            {
                engineer.RecordVerifiedDelivery(ctx.Now);
            }
        }

        var text = command.Passed
            ? $"「{ctx.Challenge.Title}」车间验题通过，进入市场评价。"
            : $"「{ctx.Challenge.Title}」车间验题未通过{(ctx.Challenge.RedeliveryUsed ? "" : "，可重新交付一次")}：{command.Report}";
        ctx.Notify.Tell(Audience.Takers, "challenge.verified", command.Passed ? "车间验题通过" : "车间验题未通过", text);
        ctx.Notify.Tell(Audience.Owner, "challenge.verified", command.Passed ? "车间验题通过" : "车间验题未通过", text);
    }
}

public sealed record Redeliver(Guid Id, string Note) : IChallengeStep
{
    public uint? Version => null;
}

public sealed class RedeliverValidator : AbstractValidator<Redeliver>
{
    public RedeliverValidator() => RuleFor(x => x.Note).NotEmpty().MaximumLength(Milestone.NoteMaxLength).WithName("重新交付说明");
}

public sealed class RedeliverHandler(ChallengeWorkflow workflow) : ChallengeStepHandler<Redeliver>(workflow)
{
    protected override Task Act(Redeliver command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.Redeliver(ctx.Actor, command.Note, ctx.Now);
        ctx.Notify.Tell(Audience.Owner, "challenge.redelivered", "成果重新交付", $"「{ctx.Challenge.Title}」已重新交付，待再次验题。");
        ctx.Notify.Tell(Audience.Operators, "challenge.redelivered", "成果重新交付", $"「{ctx.Challenge.Title}」已重新交付，待再次验题。");
        return Task.CompletedTask;
    }
}

public sealed record RecordMarketEvaluation(Guid Id, int Rating, decimal CostSaved, decimal OutputAdded, string? Note) : IChallengeStep
{
    public uint? Version => null;
}

public sealed class RecordMarketEvaluationValidator : AbstractValidator<RecordMarketEvaluation>
{
    public RecordMarketEvaluationValidator()
    {
        RuleFor(x => x.Rating).InclusiveBetween(1, 5).WithName("评分");
        RuleFor(x => x.CostSaved).InclusiveBetween(0, 10_000_000_000m).PrecisionScale(16, 2, true).WithName("节约成本");
        RuleFor(x => x.OutputAdded).InclusiveBetween(0, 10_000_000_000m).PrecisionScale(16, 2, true).WithName("新增产值");
        RuleFor(x => x.Note).MaximumLength(Challenge.ReasonMaxLength).WithName("评价说明");
    }
}

public sealed class RecordMarketEvaluationHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<RecordMarketEvaluation>(workflow)
{
    protected override async Task Act(RecordMarketEvaluation command, StepContext ctx, CancellationToken ct)
    {
        var first = ctx.Challenge.Evaluations.All(e => e.MonthsAfterSettlement != 0);
        ctx.Challenge.RecordMarketEvaluation(ctx.Actor, command.Rating, command.CostSaved, command.OutputAdded, command.Note, ctx.Now);

        // The company's rating of the work counts once on each taker's public rating: at the first evaluation.
        if (first && ctx.Challenge.Status == ChallengeStatus.MarketEvaluation)
        {
            var takers = ctx.Challenge.ActiveAwards.SelectMany(a => a.Shares.Select(s => s.EngineerId)).ToList();
            foreach (var engineer in await db.Engineers.Where(e => takers.Contains(e.Id)).ToListAsync(ct))
            {
                engineer.AddRating(command.Rating, ctx.Now);
            }
        }

        ctx.Notify.Tell(Audience.Takers, "challenge.evaluated", "市场评价", $"发榜企业对「{ctx.Challenge.Title}」作出市场评价：{command.Rating} 星。");
    }
}

public sealed record SettleChallenge(Guid Id, uint? Version) : IChallengeStep;

public sealed class SettleChallengeHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<SettleChallenge>(workflow)
{
    protected override async Task Act(SettleChallenge command, StepContext ctx, CancellationToken ct)
    {
        ctx.Challenge.Settle(ctx.Actor, ctx.Now);
        await CloseOpenApplicationsAsync(db, ctx, ct);
        ctx.Notify.Tell(Audience.Takers, "challenge.settled", "榜单已结算", $"「{ctx.Challenge.Title}」已结算，共释放 {ctx.Challenge.Released:N2} 元。");
        ctx.Notify.Tell(Audience.Operators, "challenge.settled", "榜单已结算", $"「{ctx.Challenge.Title}」已结算。");
    }

    /// <summary>Applications never chosen are closed when the listing ends, so engineers see a final answer.</summary>
    internal static async Task CloseOpenApplicationsAsync(IMarketplaceDbContext db, StepContext ctx, CancellationToken ct)
    {
        foreach (var application in await db.ChallengeApplications
                     .Where(a => a.ChallengeId == ctx.Challenge.Id && (a.Status == ApplicationStatus.Draft || a.Status == ApplicationStatus.Submitted))
                     .ToListAsync(ct))
        {
            application.MarkNotSelected(ctx.Now);
        }
    }
}

public sealed record CancelChallenge(Guid Id, uint? Version, string Reason) : IChallengeStep;

public sealed class CancelChallengeValidator : AbstractValidator<CancelChallenge>
{
    public CancelChallengeValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(Challenge.ReasonMaxLength).WithName("取消理由");
}

public sealed class CancelChallengeHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ChallengeStepHandler<CancelChallenge>(workflow)
{
    protected override async Task Act(CancelChallenge command, StepContext ctx, CancellationToken ct)
    {
        ctx.Notify.Tell(Audience.Applicants, "challenge.cancelled", "榜单已取消", $"「{ctx.Challenge.Title}」已取消：{command.Reason}");
        ctx.Challenge.Cancel(ctx.Actor, command.Reason, ctx.Now);
        await SettleChallengeHandler.CloseOpenApplicationsAsync(db, ctx, ct);
        ctx.Notify.Tell(ctx.Actor.Party == ChallengeParty.Owner ? Audience.Operators : Audience.Owner, "challenge.cancelled", "榜单已取消",
            $"「{ctx.Challenge.Title}」已取消：{command.Reason}");
    }
}
