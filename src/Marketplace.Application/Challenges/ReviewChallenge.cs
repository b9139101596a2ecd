using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
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

public sealed class ReviewChallengeHandler(IMarketplaceDbContext db, ChallengeAccess access, TimeProvider clock)
    : ICommandHandler<ReviewChallenge, ChallengeDetailDto>
{
    public async ValueTask<ChallengeDetailDto> Handle(ReviewChallenge command, CancellationToken cancellationToken)
    {
        var (challenge, actor) = await access.LoadAsync(command.Id, cancellationToken);
        if (challenge.Version != command.Version)
        {
            throw new StaleVersionException();
        }

        var now = clock.GetUtcNow();
        switch (command.Step)
        {
            case ReviewStep.Submit: challenge.Submit(actor, now); break;
            case ReviewStep.Publish: challenge.Publish(actor, now); break;
            case ReviewStep.RequestChanges: challenge.RequestChanges(actor, command.Reason!, now); break;
            case ReviewStep.Withdraw: challenge.Withdraw(actor, command.Reason!, now); break;
            default: throw new ArgumentOutOfRangeException(nameof(command), command.Step, null);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ChallengeViews.Detail(challenge, actor);
    }
}
