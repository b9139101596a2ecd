using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Accreditation;

// Queries the accreditation pages need beyond the API's: the ranking table's per-primary means and scoring progress,
// the experts to choose from, and the city's reasons as the applicant sees them.

public sealed record RankingRowDto(
    int? Rank,
    Guid ApplicationId,
    string ApplicantName,
    string RegionCode,
    string StatusName,
    IReadOnlyList<decimal> PrimaryMeans,
    decimal Bonus,
    decimal Total,
    bool Vetoed,
    string Result,
    string? VetoReasons,
    int ExpertsScored,
    int ExpertsAssigned,
    bool Selectable);

public sealed record PendingRowDto(Guid ApplicationId, string ApplicantName, string StatusName, int ExpertsScored, int ExpertsAssigned);

public sealed record RankingTableDto(
    RoundDto Round, IReadOnlyList<PrimaryIndicator> Primaries, IReadOnlyList<RankingRowDto> Rows, IReadOnlyList<PendingRowDto> Pending);

/// <summary>
/// 排名表 for the province: <see cref="GetRanking"/>'s order, plus each 一级指标's mean recomputed from the submitted
/// sheets with the round's trimming rule (the application keeps only the totals), and how many assigned experts scored.
/// </summary>
public sealed record GetRankingTable(Guid RoundId) : IQuery<RankingTableDto>;

public sealed class GetRankingTableHandler(IMarketplaceDbContext db, AccreditationAccess access, RubricCatalog rubrics, TimeProvider clock, IMediator mediator)
    : IQueryHandler<GetRankingTable, RankingTableDto>
{
    public async ValueTask<RankingTableDto> Handle(GetRankingTable query, CancellationToken cancellationToken)
    {
        var ranking = await mediator.Send(new GetRanking(query.RoundId), cancellationToken);
        var round = await access.RoundAsync(query.RoundId, cancellationToken);
        var rubric = rubrics.Get(round.RubricVersion);
        var applications = await db.CenterApplications.AsNoTracking()
            .Where(a => a.RoundId == round.Id && a.Status != CenterApplicationStatus.Draft).ToDictionaryAsync(a => a.Id, cancellationToken);
        var ids = applications.Keys.ToList();
        var sheets = await db.ScoreSheets.AsNoTracking().Where(s => ids.Contains(s.ApplicationId) && s.SubmittedAt != null).ToListAsync(cancellationToken);

        int Scored(CenterApplication a) => sheets.Count(s => s.ApplicationId == a.Id && a.IsAssigned(s.ExpertId));

        var rows = ranking.Entries.Select(e =>
        {
            var a = applications[e.ApplicationId];
            var mine = sheets.Where(s => s.ApplicationId == a.Id && a.IsAssigned(s.ExpertId)).ToList();
            IReadOnlyList<decimal> means = mine.Count > 0 && mine.All(s => s.RubricVersion == rubric.Version)
                ? [.. RubricAggregation.Aggregate(rubric, mine, round.Trim).Primaries.Select(p => p.Subtotal)]
                : [];
            return new RankingRowDto(
                e.Rank, e.ApplicationId, e.ApplicantName, e.RegionCode, e.StatusName, means, e.Bonus, e.Total, e.Vetoed, e.Result, e.VetoReasons,
                mine.Count, a.ExpertUserIds.Count, e.Status == CenterApplicationStatus.Scored && !e.Vetoed);
        }).ToList();
        var pending = ranking.Unscored.Select(u => new PendingRowDto(
            u.Id, u.ApplicantName, u.StatusName, Scored(applications[u.Id]), applications[u.Id].ExpertUserIds.Count)).ToList();
        return new RankingTableDto(await AccreditationViews.RoundAsync(db, round, false, clock.GetUtcNow(), cancellationToken), rubric.Primaries, rows, pending);
    }
}

public sealed record ExpertOptionDto(Guid UserId, string Name, string? OrganizationName);

/// <summary>The accounts holding the Expert role, for the province's assignment form.</summary>
public sealed record ListExpertOptions : IQuery<IReadOnlyList<ExpertOptionDto>>;

public sealed class ListExpertOptionsHandler(IMarketplaceDbContext db, AccreditationAccess access) : IQueryHandler<ListExpertOptions, IReadOnlyList<ExpertOptionDto>>
{
    public async ValueTask<IReadOnlyList<ExpertOptionDto>> Handle(ListExpertOptions query, CancellationToken cancellationToken)
    {
        _ = await access.ProvinceAsync(cancellationToken);
        var rows = await (
                from u in db.UserAccounts
                where db.UserIdsInRole(Roles.Expert).Contains(u.Id)
                join o in db.Organizations on u.OrganizationId equals (Guid?)o.Id into orgs
                from o in orgs.DefaultIfEmpty()
                orderby u.DisplayName
                select new { u.Id, u.DisplayName, OrganizationName = o == null ? null : o.Name })
            .Take(500)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ExpertOptionDto(r.Id, r.DisplayName, r.OrganizationName))];
    }
}

public sealed record ReturnNoteDto(DateTimeOffset At, string Reason);

/// <summary>
/// The city's reasons for returning an application, for whoever may see it: the applicant must read them to fix the
/// application, though the full audit trail (with names) stays the authorities'.
/// </summary>
public sealed record GetReturnNotes(Guid ApplicationId) : IQuery<IReadOnlyList<ReturnNoteDto>>;

public sealed class GetReturnNotesHandler(AccreditationAccess access) : IQueryHandler<GetReturnNotes, IReadOnlyList<ReturnNoteDto>>
{
    public async ValueTask<IReadOnlyList<ReturnNoteDto>> Handle(GetReturnNotes query, CancellationToken cancellationToken)
    {
        var (application, _) = await access.ApplicationAsync(query.ApplicationId, null, cancellationToken);
        return [.. application.Audit.Where(a => a.Action == "city_return").OrderByDescending(a => a.At).Select(a => new ReturnNoteDto(a.At, a.Reason ?? ""))];
    }
}

/// <summary>The rubric and the 第七条 checklist of an application's round, so a form shows the versions it is judged by.</summary>
public sealed record AccreditationForms(Rubric Rubric, CenterConditionChecklist Conditions);

public sealed record GetAccreditationForms(string? RubricVersion) : IQuery<AccreditationForms>;

public sealed class GetAccreditationFormsHandler(RubricCatalog rubrics, CenterConditionChecklist conditions) : IQueryHandler<GetAccreditationForms, AccreditationForms>
{
    public ValueTask<AccreditationForms> Handle(GetAccreditationForms query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new AccreditationForms(query.RubricVersion is { Length: > 0 } v ? rubrics.Get(v) : rubrics.Current, conditions));
}

/// <summary>Who the signed-in account is to the accreditation (province, city, applicant organization, expert), for the pages' menus.</summary>
public sealed record GetAccreditationCaller : IQuery<AccreditationCaller>;

public sealed class GetAccreditationCallerHandler(AccreditationAccess access) : IQueryHandler<GetAccreditationCaller, AccreditationCaller>
{
    public async ValueTask<AccreditationCaller> Handle(GetAccreditationCaller query, CancellationToken cancellationToken) =>
        await access.CallerAsync(cancellationToken);
}
