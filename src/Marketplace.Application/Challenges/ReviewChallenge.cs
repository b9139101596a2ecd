using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;
using Mediator;

namespace Marketplace.Application.Challenges;

/// <summary>
/// The review steps between the company and the center: submit (企业), publish or send back (中心), withdraw (企业).
/// Each carries the version the caller read, so a decision on a stale copy is refused with 409.
/// </summary>
public enum ReviewStep
{
    Submit,
    Publish,
    RequestChanges,
    Withdraw,
}

public sealed record ReviewChallenge(Guid Id, ReviewStep Step, uint Version, string? Reason = null) : ICommand<ChallengeDetailDto>;

public sealed class ReviewChallengeValidator : AbstractValidator<ReviewChallenge>
{
    public ReviewChallengeValidator()
    {
        RuleFor(x => x.Step).IsInEnum().WithName("操作");
        RuleFor(x => x.Reason).MaximumLength(Challenge.ReasonMaxLength).WithName("理由");
        RuleFor(x => x.Reason).NotEmpty().When(x => x.Step is ReviewStep.RequestChanges or ReviewStep.Withdraw)
            .WithMessage("'理由' 不能为空：退回或撤回时请说明原因。").WithName("理由");
    }
}

public sealed class ReviewChallengeHandler(ChallengeWorkflow workflow, IMarketplaceDbContext db) : ICommandHandler<ReviewChallenge, ChallengeDetailDto>
{
    public async ValueTask<ChallengeDetailDto> Handle(ReviewChallenge command, CancellationToken cancellationToken) =>
        await workflow.RunAsync(command.Id, command.Version, async ctx =>
        {
            var (c, actor, now, notify) = (ctx.Challenge, ctx.Actor, ctx.Now, ctx.Notify);
            switch (command.Step)
            {
                case ReviewStep.Submit:
                    c.Submit(actor, now);
                    notify.Tell(ChallengeNotifier.Audience.Operators, "challenge.submitted", "榜单待审核", $"「{c.Title}」已提交，等待中心审核发布。");
                    break;
                case ReviewStep.Publish:
                    c.Publish(actor, now);
                    notify.Tell(ChallengeNotifier.Audience.Owner, "challenge.published", "榜单已发布", $"「{c.Title}」已审核发布，揭榜截止 {c.ApplicationDeadline.China()}。");
                    notify.Tell(ChallengeNotifier.Audience.Engineers, c.InvitedEngineerIds, "challenge.invited", "邀请揭榜", $"企业邀请你查看并揭榜「{c.Title}」。");
                    break;
                case ReviewStep.RequestChanges:
                    c.RequestChanges(actor, command.Reason!, now);
                    notify.Tell(ChallengeNotifier.Audience.Owner, "challenge.returned", "榜单被退回修改", $"「{c.Title}」被退回：{command.Reason}");
                    break;
                case ReviewStep.Withdraw:
                    var wasPublished = c.Status == ChallengeStatus.Published;
                    c.Withdraw(actor, command.Reason!, now);
                    await SettleChallengeHandler.CloseOpenApplicationsAsync(db, ctx, cancellationToken);
                    if (wasPublished)
                    {
                        notify.Tell(ChallengeNotifier.Audience.Applicants, "challenge.withdrawn", "榜单已撤回", $"「{c.Title}」已被发榜企业撤回：{command.Reason}");
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(command), command.Step, null);
            }
        }, cancellationToken);
}
