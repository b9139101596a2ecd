using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Challenges;

/// <summary>企业出题: a company user drafts a listing for their organization.</summary>
public sealed record PostChallenge(
    string Title,
    string Description,
    string ClusterCode,
    IReadOnlyList<string> SkillCodes,
    string ServiceTypeCode,
    decimal Bounty,
    DateTimeOffset ApplicationDeadline,
    int ExpectedDurationDays,
    string CityCode,
    bool OnSiteRequired,
    IpArrangement IpArrangement,
    Confidentiality Confidentiality,
    int RaceSlots = 1,
    int AbandonAfterDays = 14) : ICommand<ChallengeDetailDto>;

public sealed class PostChallengeValidator : AbstractValidator<PostChallenge>
{
    public PostChallengeValidator(TimeProvider clock)
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(Challenge.TitleMaxLength).WithName("榜单标题");
        RuleFor(x => x.Description).NotEmpty().MaximumLength(Challenge.DescriptionMaxLength).WithName("需求描述");
        RuleFor(x => x.ClusterCode).NotEmpty().MaximumLength(50).WithName("产业集群");
        RuleFor(x => x.SkillCodes).Cascade(CascadeMode.Stop).NotNull().Must(s => s.Count is >= 1 and <= Challenge.MaxSkills)
            .WithMessage($"'技术领域' 应选择 1 到 {Challenge.MaxSkills} 项。").WithName("技术领域");
        RuleFor(x => x.ServiceTypeCode).NotEmpty().MaximumLength(50).WithName("服务类型");
        RuleFor(x => x.Bounty).GreaterThan(0).LessThanOrEqualTo(Challenge.MaxBounty).PrecisionScale(14, 2, true).WithName("悬赏金额");
        RuleFor(x => x.ApplicationDeadline).GreaterThan(_ => clock.GetUtcNow()).WithMessage("'揭榜截止时间' 必须晚于当前时间。").WithName("揭榜截止时间");
        RuleFor(x => x.ExpectedDurationDays).InclusiveBetween(1, Challenge.MaxDurationDays).WithName("预计周期（天）");
        RuleFor(x => x.CityCode).NotEmpty().Matches("^[0-9]{6}$").WithName("所在市州");
        RuleFor(x => x.IpArrangement).IsInEnum().WithName("知识产权归属");
        RuleFor(x => x.Confidentiality).IsInEnum().WithName("保密方式");
        RuleFor(x => x.RaceSlots).InclusiveBetween(1, Challenge.MaxRaceSlots).WithName("中榜名额");
        RuleFor(x => x.AbandonAfterDays).InclusiveBetween(Challenge.MinAbandonDays, Challenge.MaxAbandonDays).WithName("弃榜认定天数");
    }
}

public sealed class PostChallengeHandler(IMarketplaceDbContext db, ICurrentUser user, ChallengeWorkflow workflow, TimeProvider clock)
    : ICommandHandler<PostChallenge, ChallengeDetailDto>
{
    public async ValueTask<ChallengeDetailDto> Handle(PostChallenge command, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        if (!user.IsInRole(Roles.Company) || user.OrganizationId is not { } organizationId)
        {
            throw new ForbiddenException("只有企业账户可以发布榜单。");
        }

        await EnsureReferencesAsync(db, command, cancellationToken);
        var challenge = Challenge.Create(Guid.NewGuid(), organizationId, userId, ToListing(command), clock.GetUtcNow());
        db.Challenges.Add(challenge);
        await db.SaveChangesAsync(cancellationToken);
        var owner = new ChallengeActor(userId, ChallengeParty.Owner);
        return ChallengeViews.Detail(challenge, owner, await workflow.ViewExtrasAsync(challenge, owner, cancellationToken));
    }

    /// <summary>Every code in the listing must exist in the reference data; an unknown one is a 400 on its field.</summary>
    internal static async Task EnsureReferencesAsync(IMarketplaceDbContext db, PostChallenge command, CancellationToken ct)
    {
        await ReferenceChecks.EnsureClustersExist(db, [command.ClusterCode], ct, "clusterCode");
        await ReferenceChecks.EnsureSkillsExist(db, command.SkillCodes, ct, "skillCodes");
        await ReferenceChecks.EnsureRegionExists(db, command.CityCode, ct, "cityCode");
        if (!await db.ServiceTypes.AnyAsync(s => s.Code == command.ServiceTypeCode, ct))
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("serviceTypeCode", $"未知的服务类型：{command.ServiceTypeCode}。")]);
        }
    }

    internal static ChallengeListing ToListing(PostChallenge c) =>
        new(c.Title, c.Description, c.ClusterCode, c.SkillCodes, c.ServiceTypeCode, c.Bounty, c.ApplicationDeadline.ToUniversalTime(),
            c.ExpectedDurationDays, c.CityCode, c.OnSiteRequired, c.IpArrangement, c.Confidentiality, c.RaceSlots, c.AbandonAfterDays);
}
