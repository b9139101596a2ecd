using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Accreditation;

/// <summary>开启申报轮次 (省级). Trimming defaults to decision 25's rule: the highest and lowest mark dropped from 5 experts.</summary>
public sealed record OpenRound(
    string Name, string RegionCode, DateTimeOffset ApplicationOpensAt, DateTimeOffset ApplicationClosesAt, string? RubricVersion = null,
    int? TrimMinExperts = null, int? TrimEachSide = null) : ICommand<RoundDto>;

public sealed class OpenRoundValidator : AbstractValidator<OpenRound>
{
    public OpenRoundValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(AccreditationRound.NameMaxLength).WithName("轮次名称");
        RuleFor(x => x.RegionCode).NotEmpty().Length(6).WithName("地区代码");
        RuleFor(x => x.ApplicationClosesAt).GreaterThan(x => x.ApplicationOpensAt).WithMessage("申报截止时间必须晚于开始时间。");
        RuleFor(x => x.TrimEachSide).InclusiveBetween(0, 3).WithName("去掉最高最低分个数");
        RuleFor(x => x.TrimMinExperts).InclusiveBetween(0, 15).WithName("启用去极值的最少专家数");
        RuleFor(x => x).Must(x => (x.TrimEachSide ?? 0) == 0 || (x.TrimMinExperts ?? 0) >= (2 * x.TrimEachSide!.Value) + 1)
            .When(x => x.TrimEachSide is not null).WithName("trimMinExperts").WithMessage("去掉最高最低分后至少要保留一位专家的评分：专家数应不少于 2×去掉个数+1。");
    }
}

public sealed class OpenRoundHandler(
    IMarketplaceDbContext db, AccreditationAccess access, RubricCatalog rubrics, CenterConditionChecklist conditions, TimeProvider clock)
    : ICommandHandler<OpenRound, RoundDto>
{
    public async ValueTask<RoundDto> Handle(OpenRound command, CancellationToken cancellationToken)
    {
        var caller = await access.ProvinceAsync(cancellationToken);
        await ReferenceChecks.EnsureRegionExists(db, command.RegionCode, cancellationToken);
        var rubric = command.RubricVersion is { Length: > 0 } version ? rubrics.Get(version) : rubrics.Current;
        var trim = command.TrimEachSide is null && command.TrimMinExperts is null
            ? TrimOptions.Default
            : new TrimOptions(command.TrimMinExperts ?? 0, command.TrimEachSide ?? 0);
        var now = clock.GetUtcNow();
        var round = AccreditationRound.Open(
            Guid.NewGuid(), caller.AsRoundActor(), command.Name, command.RegionCode, command.ApplicationOpensAt, command.ApplicationClosesAt,
            rubric, conditions, trim, now);
        db.AccreditationRounds.Add(round);
        await db.SaveChangesAsync(cancellationToken);
        return await AccreditationViews.RoundAsync(db, round, true, now, cancellationToken);
    }
}

public sealed record ListRounds : IQuery<IReadOnlyList<RoundDto>>;

public sealed class ListRoundsHandler(IMarketplaceDbContext db, TimeProvider clock) : IQueryHandler<ListRounds, IReadOnlyList<RoundDto>>
{
    public async ValueTask<IReadOnlyList<RoundDto>> Handle(ListRounds query, CancellationToken cancellationToken)
    {
        var rounds = await db.AccreditationRounds.AsNoTracking().OrderByDescending(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var result = new List<RoundDto>();
        foreach (var r in rounds)
        {
            result.Add(await AccreditationViews.RoundAsync(db, r, false, now, cancellationToken));
        }

        return result;
    }
}

/// <summary>Any signed-in user reads a round (applicants look for open ones); its audit trail is for authorities.</summary>
public sealed record GetRound(Guid Id) : IQuery<RoundDto>;

public sealed class GetRoundHandler(IMarketplaceDbContext db, AccreditationAccess access, TimeProvider clock) : IQueryHandler<GetRound, RoundDto>
{
    public async ValueTask<RoundDto> Handle(GetRound query, CancellationToken cancellationToken)
    {
        var caller = await access.CallerAsync(cancellationToken);
        var round = await access.RoundAsync(query.Id, cancellationToken);
        return await AccreditationViews.RoundAsync(db, round, caller.IsAuthority, clock.GetUtcNow(), cancellationToken);
    }
}

public sealed record CloseRound(Guid Id, uint? Version) : ICommand<RoundDto>;

public sealed class CloseRoundHandler(IMarketplaceDbContext db, AccreditationAccess access, TimeProvider clock) : ICommandHandler<CloseRound, RoundDto>
{
    public async ValueTask<RoundDto> Handle(CloseRound command, CancellationToken cancellationToken)
    {
        var caller = await access.CallerAsync(cancellationToken);
        var round = await access.RoundAsync(command.Id, cancellationToken);
        AccreditationAccess.EnsureVersion(round, command.Version);
        var now = clock.GetUtcNow();
        round.Close(caller.AsRoundActor(), now);
        await db.SaveChangesAsync(cancellationToken);
        return await AccreditationViews.RoundAsync(db, round, true, now, cancellationToken);
    }
}

/// <summary>A round's applications for an authority: all submitted ones for the province, its own city's for a city bureau.</summary>
public sealed record ListRoundApplications(Guid RoundId) : IQuery<IReadOnlyList<CenterApplicationSummaryDto>>;

public sealed class ListRoundApplicationsHandler(IMarketplaceDbContext db, AccreditationAccess access)
    : IQueryHandler<ListRoundApplications, IReadOnlyList<CenterApplicationSummaryDto>>
{
    public async ValueTask<IReadOnlyList<CenterApplicationSummaryDto>> Handle(ListRoundApplications query, CancellationToken cancellationToken)
    {
        var caller = await access.AuthorityAsync(cancellationToken);
        _ = await access.RoundAsync(query.RoundId, cancellationToken);
        var applications = db.CenterApplications.Where(a => a.RoundId == query.RoundId && a.Status != CenterApplicationStatus.Draft);
        if (caller.IsCity)
        {
            var prefix = CityPrefix(caller.BureauRegion ?? "");
            applications = applications.Where(a => a.RegionCode.StartsWith(prefix));
        }

        return await AccreditationViews.SummariesAsync(db, applications, cancellationToken);
    }

    /// <summary>The SQL form of <see cref="RegionMatch.Within"/>: a city code 430100 covers every code starting 4301.</summary>
    internal static string CityPrefix(string region)
    {
        var prefix = region;
        while (prefix.Length > 2 && prefix.EndsWith("00", StringComparison.Ordinal))
        {
            prefix = prefix[..^2];
        }

        return prefix;
    }
}

public sealed record RankingEntryDto(
    int? Rank,
    Guid ApplicationId,
    string ApplicantName,
    string RegionCode,
    CenterApplicationStatus Status,
    string StatusName,
    decimal BaseScore,
    decimal Bonus,
    decimal Total,
    int ExpertCount,
    bool Trimmed,
    bool Vetoed,
    string Result,
    string? VetoReasons,
    decimal SelfAssessmentTotal);

public sealed record RankingDto(Guid RoundId, string RoundName, RoundStatus Status, IReadOnlyList<RankingEntryDto> Entries, IReadOnlyList<CenterApplicationSummaryDto> Unscored);

/// <summary>
/// 排序: scored applications high to low by total (ties by base score, then name); every vetoed one is 不合格 and
/// listed after them without a rank, whatever its points. Applications still in review are listed apart.
/// </summary>
public sealed record GetRanking(Guid RoundId) : IQuery<RankingDto>;

public sealed class GetRankingHandler(IMarketplaceDbContext db, AccreditationAccess access) : IQueryHandler<GetRanking, RankingDto>
{
    public async ValueTask<RankingDto> Handle(GetRanking query, CancellationToken cancellationToken)
    {
        _ = await access.ProvinceAsync(cancellationToken);
        var round = await access.RoundAsync(query.RoundId, cancellationToken);
        var applications = await db.CenterApplications.AsNoTracking()
            .Where(a => a.RoundId == round.Id && a.Status != CenterApplicationStatus.Draft).ToListAsync(cancellationToken);
        var orgIds = applications.Select(a => a.ApplicantOrganizationId).Distinct().ToList();
        var names = await db.Organizations.Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);

        var scored = applications.Where(a => a.Score is not null)
            .OrderBy(a => a.IsUnqualified)
            .ThenByDescending(a => a.Score!.Total)
            .ThenByDescending(a => a.Score!.BaseScore)
            .ThenBy(a => names.GetValueOrDefault(a.ApplicantOrganizationId, ""), StringComparer.Ordinal)
            .ToList();
        var entries = scored.Select((a, i) => new RankingEntryDto(
            a.IsUnqualified ? null : i + 1, a.Id, names.GetValueOrDefault(a.ApplicantOrganizationId, ""), a.RegionCode, a.Status,
            CenterApplication.StatusName(a.Status), a.Score!.BaseScore, a.Score.Bonus, a.Score.Total, a.Score.ExpertCount, a.Score.Trimmed,
            a.Score.Vetoed, a.Score.Vetoed ? "不合格" : "计分", a.Score.VetoReasons, a.SelfAssessment.Sum(m => m.Points))).ToList();
        var unscored = await AccreditationViews.SummariesAsync(
            db, db.CenterApplications.Where(a => a.RoundId == round.Id && a.Status != CenterApplicationStatus.Draft && a.Score == null), cancellationToken);
        return new RankingDto(round.Id, round.Name, round.Status, entries, unscored);
    }
}

/// <summary>
/// 遴选: the province names the applications it selects among the scored ones; every other scored application of the
/// round is not selected. Refused while any application the province accepted is still with the experts.
/// </summary>
public sealed record SelectCenters(Guid RoundId, IReadOnlyList<Guid> ApplicationIds, string? Reason, uint? Version) : ICommand<RankingDto>;

public sealed class SelectCentersValidator : AbstractValidator<SelectCenters>
{
    public SelectCentersValidator()
    {
        RuleFor(x => x.ApplicationIds).NotEmpty().WithName("入选申报");
        RuleFor(x => x.Reason).MaximumLength(CenterApplication.ReasonMaxLength).WithName("遴选说明");
    }
}

public sealed class SelectCentersHandler(IMarketplaceDbContext db, AccreditationAccess access, TimeProvider clock, IMediator mediator)
    : ICommandHandler<SelectCenters, RankingDto>
{
    public async ValueTask<RankingDto> Handle(SelectCenters command, CancellationToken cancellationToken)
    {
        var caller = await access.ProvinceAsync(cancellationToken);
        var round = await access.RoundAsync(command.RoundId, cancellationToken);
        AccreditationAccess.EnsureVersion(round, command.Version);
        var applications = await db.CenterApplications.Where(a => a.RoundId == round.Id).ToListAsync(cancellationToken);
        var unknown = command.ApplicationIds.Where(id => applications.All(a => a.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException("申报不属于该轮次", $"以下申报不在本轮次中：{string.Join("、", unknown)}。", "application_not_in_round");
        }

        if (applications.Any(a => a.Status is CenterApplicationStatus.ProvinceAccepted or CenterApplicationStatus.ExpertReview))
        {
            throw new DomainConflictException("评审尚未完成", "仍有申报在省级审核或专家评审中，全部评分汇总后才能遴选。", "review_unfinished");
        }

        var now = clock.GetUtcNow();
        var actor = caller.AsRoundActor();
        round.MarkSelected(actor, command.Reason, now);
        foreach (var application in applications)
        {
            if (command.ApplicationIds.Contains(application.Id))
            {
                application.Select(actor, command.Reason, now);
                await access.NotifyApplicantAsync(application, caller.UserId, "accreditation.selected", "申报已入选",
                    $"你单位在“{round.Name}”中的申报已入选，将进入公示。", now, cancellationToken);
            }
            else if (application.Status == CenterApplicationStatus.Scored)
            {
                application.Reject(actor, command.Reason, now);
                await access.NotifyApplicantAsync(application, caller.UserId, "accreditation.not_selected", "申报未入选",
                    $"你单位在“{round.Name}”中的申报未入选。", now, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetRanking(round.Id), cancellationToken);
    }
}

/// <summary>发布公示: the end date is 5 working days on from the start by the holiday calendar (decision 24).</summary>
public sealed record PublishNotice(Guid RoundId, DateOnly StartDate, uint? Version) : ICommand<RoundDto>;

public sealed class PublishNoticeHandler(IMarketplaceDbContext db, AccreditationAccess access, WorkingCalendar calendar, TimeProvider clock)
    : ICommandHandler<PublishNotice, RoundDto>
{
    public async ValueTask<RoundDto> Handle(PublishNotice command, CancellationToken cancellationToken)
    {
        var caller = await access.ProvinceAsync(cancellationToken);
        var round = await access.RoundAsync(command.RoundId, cancellationToken);
        AccreditationAccess.EnsureVersion(round, command.Version);
        var now = clock.GetUtcNow();
        var end = calendar.NoticeEnd(command.StartDate);
        var actor = caller.AsRoundActor();
        round.PublishNotice(actor, command.StartDate, end, AccreditationClock.Today(now), now);
        var selected = await db.CenterApplications.Where(a => a.RoundId == round.Id && a.Status == CenterApplicationStatus.Selected).ToListAsync(cancellationToken);
        foreach (var application in selected)
        {
            application.PlaceUnderNotice(actor, command.StartDate, end, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await AccreditationViews.RoundAsync(db, round, true, now, cancellationToken);
    }
}

/// <summary>Dates of the accreditation (notice days, recognition) are China dates.</summary>
public static class AccreditationClock
{
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(ChinaTime.Offset).DateTime);
}

public sealed record PublicNoticeEntryDto(Guid ApplicationId, string CenterApplicant, string RegionCode, decimal Total, string StatusName);

public sealed record PublicNoticeDto(
    Guid RoundId, string RoundName, DateOnly NoticeStart, DateOnly NoticeEnd, int WorkingDays, bool CalendarProvisional, bool AcceptingObjections,
    IReadOnlyList<PublicNoticeEntryDto> Centers);

/// <summary>公示 page, readable without signing in: the selected centers and the period; 404 until the notice is published.</summary>
public sealed record GetPublicNotice(Guid RoundId) : IQuery<PublicNoticeDto>;

public sealed class GetPublicNoticeHandler(IMarketplaceDbContext db, WorkingCalendar calendar, TimeProvider clock) : IQueryHandler<GetPublicNotice, PublicNoticeDto>
{
    private static readonly CenterApplicationStatus[] Noticed =
        [CenterApplicationStatus.UnderNotice, CenterApplicationStatus.Objected, CenterApplicationStatus.Recognized, CenterApplicationStatus.Rejected];

    public async ValueTask<PublicNoticeDto> Handle(GetPublicNotice query, CancellationToken cancellationToken)
    {
        var round = await db.AccreditationRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == query.RoundId, cancellationToken);
        if (round is not { NoticeStart: { } start, NoticeEnd: { } end })
        {
            throw new NotFoundException("公示", query.RoundId);
        }

        var centers = await (
                from a in db.CenterApplications.AsNoTracking()
                join o in db.Organizations on a.ApplicantOrganizationId equals o.Id
                where a.RoundId == round.Id && Noticed.Contains(a.Status)
                select new { a, o.Name })
            .ToListAsync(cancellationToken);
        var today = AccreditationClock.Today(clock.GetUtcNow());
        return new PublicNoticeDto(
            round.Id, round.Name, start, end, WorkingCalendar.PublicNoticeWorkingDays, calendar.IsProvisional(start, end), today >= start && today <= end,
            [.. centers.OrderByDescending(c => c.a.Score?.Total ?? 0).Select(c => new PublicNoticeEntryDto(
                c.a.Id, c.Name, c.a.RegionCode, c.a.Score?.Total ?? 0, CenterApplication.StatusName(c.a.Status)))]);
    }
}
