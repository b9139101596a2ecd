using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Engineers;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Engineers;

/// <summary>
/// The signed-in engineer replaces their profile. <see cref="Version"/> is the version they read;
/// if someone (another tab, an operator) changed the profile since, the update is refused with 409.
/// </summary>
public sealed record UpdateMyProfile(
    uint Version,
    string Name,
    int? BirthYear,
    string? Phone,
    string? Email,
    ProfessionalTitle Title,
    string EmployerName,
    EmployerType EmployerType,
    string CityCode,
    int YearsOfPractice,
    ServiceModes ServiceModes,
    int HoursPerMonth,
    DateOnly? AvailableFrom,
    DateOnly? AvailableUntil,
    decimal? HourlyRate,
    string? Bio,
    IReadOnlyList<string> ClusterCodes,
    IReadOnlyList<SkillLevelInput> Skills) : ICommand<EngineerDetailDto>;

public sealed record SkillLevelInput(string Code, int Level);

public sealed class UpdateMyProfileValidator : AbstractValidator<UpdateMyProfile>
{
    public UpdateMyProfileValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(EngineerProfile.NameMaxLength).WithName("姓名");
        RuleFor(x => x.Phone).Matches("^1[3-9][0-9]{9}$").When(x => !string.IsNullOrEmpty(x.Phone))
            .WithMessage("'手机号' 应为 11 位中国大陆手机号码。").WithName("手机号");
        RuleFor(x => x.Email).EmailAddress().MaximumLength(100).When(x => !string.IsNullOrEmpty(x.Email)).WithName("电子邮箱");
        RuleFor(x => x.Title).IsInEnum().WithName("职称");
        RuleFor(x => x.EmployerName).NotEmpty().MaximumLength(EngineerProfile.EmployerMaxLength).WithName("工作单位");
        RuleFor(x => x.EmployerType).IsInEnum().WithName("单位类型");
        RuleFor(x => x.CityCode).NotEmpty().Matches("^[0-9]{6}$").WithName("所在市州");
        RuleFor(x => x.YearsOfPractice).InclusiveBetween(0, EngineerProfile.MaxYearsOfPractice).WithName("从业年限");
        RuleFor(x => x.ServiceModes).Must(m => m is >= ServiceModes.None and <= (ServiceModes.FlexibleHire | ServiceModes.Project | ServiceModes.PartTime | ServiceModes.Advisory))
            .WithMessage("'服务方式' 取值无效。").WithName("服务方式");
        RuleFor(x => x.HoursPerMonth).InclusiveBetween(0, 744).WithName("每月可服务时长");
        RuleFor(x => x.HourlyRate).InclusiveBetween(0, EngineerProfile.MaxHourlyRate).When(x => x.HourlyRate is not null).WithName("参考费率");
        RuleFor(x => x.AvailableUntil).GreaterThanOrEqualTo(x => x.AvailableFrom)
            .When(x => x.AvailableFrom is not null && x.AvailableUntil is not null)
            .WithMessage("'可服务结束日期' 不能早于开始日期。").WithName("可服务结束日期");
        RuleFor(x => x.Bio).MaximumLength(EngineerProfile.BioMaxLength).WithName("个人简介");
        RuleFor(x => x.ClusterCodes).Cascade(CascadeMode.Stop).NotNull().Must(c => c.Count <= 4).WithMessage("'产业集群' 最多 4 项。").WithName("产业集群");
        RuleFor(x => x.Skills).Cascade(CascadeMode.Stop).NotNull().Must(s => s.Count <= EngineerProfile.MaxSkills)
            .WithMessage($"'技能' 最多 {EngineerProfile.MaxSkills} 项。").WithName("技能");
        RuleForEach(x => x.Skills).ChildRules(skill =>
        {
            skill.RuleFor(s => s.Code).NotEmpty().MaximumLength(64).WithName("技能代码");
            skill.RuleFor(s => s.Level).InclusiveBetween(EngineerSkill.MinLevel, EngineerSkill.MaxLevel).WithName("技能等级");
        });
    }
}

public sealed class UpdateMyProfileHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<UpdateMyProfile, EngineerDetailDto>
{
    public async ValueTask<EngineerDetailDto> Handle(UpdateMyProfile command, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var profile = await db.Engineers.FirstOrDefaultAsync(e => e.UserId == userId, cancellationToken)
            ?? throw new NotFoundException("当前账户尚未建立工程师档案。");

        if (profile.Version != command.Version)
        {
            throw new StaleVersionException();
        }

        await ReferenceChecks.EnsureRegionExists(db, command.CityCode, cancellationToken, "cityCode");
        await ReferenceChecks.EnsureClustersExist(db, command.ClusterCodes, cancellationToken);
        await ReferenceChecks.EnsureSkillsExist(db, command.Skills.Select(s => s.Code).ToList(), cancellationToken);

        profile.UpdateProfile(
            new EngineerProfileChanges(
                command.Name, command.BirthYear, command.Phone, command.Email, command.Title, command.EmployerName,
                command.EmployerType, command.CityCode, command.YearsOfPractice, command.ServiceModes, command.HoursPerMonth,
                command.AvailableFrom, command.AvailableUntil, command.HourlyRate, command.Bio, command.ClusterCodes,
                command.Skills.Select(s => new EngineerSkill(s.Code, s.Level)).ToList()),
            clock.GetUtcNow());

        // The search index follows through the outbox row this save writes with the change (decision 30).
        await db.SaveChangesAsync(cancellationToken);
        return await EngineerLookups.ToDetailAsync(db, user, clock, profile, cancellationToken);
    }
}
