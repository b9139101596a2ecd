using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Accreditation;

public sealed record MarkInput(string IndicatorCode, decimal Points, string Comment);

public sealed record BonusClaimInput(string ItemCode, string? LevelCode, decimal? Points, IReadOnlyList<string>? Evidence, string? Note);

public sealed record VetoInput(string Code, string Reason);

public sealed record SheetDto(
    Guid Id,
    Guid ApplicationId,
    Guid ExpertId,
    string RubricVersion,
    IReadOnlyList<IndicatorMark> Marks,
    IReadOnlyList<BonusClaim> BonusClaims,
    string? VetoCode,
    string? VetoReason,
    SheetTotals Totals,
    DateTimeOffset? SubmittedAt);

public sealed record AssignmentDto(Guid ApplicationId, Guid RoundId, string RoundName, string ApplicantName, CenterApplicationStatus Status, string StatusName, bool SheetSubmitted);

/// <summary>The applications the calling expert is assigned to, with whether their own sheet is in.</summary>
public sealed record ListMyAssignments : IQuery<IReadOnlyList<AssignmentDto>>;

public sealed class ListMyAssignmentsHandler(IMarketplaceDbContext db, AccreditationAccess access) : IQueryHandler<ListMyAssignments, IReadOnlyList<AssignmentDto>>
{
    public async ValueTask<IReadOnlyList<AssignmentDto>> Handle(ListMyAssignments query, CancellationToken cancellationToken)
    {
        var caller = await access.CallerAsync(cancellationToken);
        var rows = await (
                from a in db.CenterApplications.AsNoTracking()
                join r in db.AccreditationRounds on a.RoundId equals r.Id
                join o in db.Organizations on a.ApplicantOrganizationId equals o.Id
                where a.ExpertUserIds.Contains(caller.UserId)
                orderby a.UpdatedAt descending
                select new
                {
                    a.Id, a.RoundId, RoundName = r.Name, o.Name, a.Status,
                    Submitted = db.ScoreSheets.Any(s => s.ApplicationId == a.Id && s.ExpertId == caller.UserId && s.SubmittedAt != null),
                })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => new AssignmentDto(x.Id, x.RoundId, x.RoundName, x.Name, x.Status, CenterApplication.StatusName(x.Status), x.Submitted))];
    }
}

/// <summary>The calling expert's own sheet (experts never see each other's: independent scoring); empty until first saved.</summary>
public sealed record GetMySheet(Guid ApplicationId) : IQuery<SheetDto>;

public sealed class GetMySheetHandler(IMarketplaceDbContext db, AccreditationAccess access, RubricCatalog rubrics, TimeProvider clock) : IQueryHandler<GetMySheet, SheetDto>
{
    public async ValueTask<SheetDto> Handle(GetMySheet query, CancellationToken cancellationToken)
    {
        var (application, caller) = await access.ApplicationAsync(query.ApplicationId, null, cancellationToken);
        if (!application.IsAssigned(caller.UserId))
        {
            throw new ForbiddenException("你未被指派评审该申报。");
        }

        var rubric = rubrics.Get(application.RubricVersion);
        var sheet = await db.ScoreSheets.AsNoTracking().FirstOrDefaultAsync(s => s.ApplicationId == application.Id && s.ExpertId == caller.UserId, cancellationToken)
            ?? ExpertScoreSheet.Start(Guid.Empty, rubric, application.Id, caller.UserId, clock.GetUtcNow());
        return SheetViews.Sheet(sheet, rubric);
    }
}

internal static class SheetViews
{
    public static SheetDto Sheet(ExpertScoreSheet s, Rubric rubric) =>
        new(s.Id, s.ApplicationId, s.ExpertId, s.RubricVersion, s.Marks, s.BonusClaims, s.VetoCode, s.VetoReason, s.Totals(rubric), s.SubmittedAt);
}

/// <summary>
/// Saves the expert's draft: marks are set per indicator (those not sent keep their value), bonus claims and the veto
/// are replaced by what is sent. A submitted sheet refuses any change (409 <c>score_sheet_submitted</c>); a mark out of
/// bounds refuses the whole save (400), so nothing of it is written.
/// </summary>
public sealed record SaveSheet(Guid ApplicationId, IReadOnlyList<MarkInput>? Marks, IReadOnlyList<BonusClaimInput>? BonusClaims, VetoInput? Veto) : ICommand<SheetDto>;

public sealed class SaveSheetHandler(IMarketplaceDbContext db, AccreditationAccess access, RubricCatalog rubrics, TimeProvider clock) : ICommandHandler<SaveSheet, SheetDto>
{
    public async ValueTask<SheetDto> Handle(SaveSheet command, CancellationToken cancellationToken)
    {
        var (application, caller) = await access.ApplicationAsync(command.ApplicationId, null, cancellationToken);
        var actor = caller.ActorFor(application);
        application.EnsureScorableBy(actor);
        var rubric = rubrics.Get(application.RubricVersion);
        var now = clock.GetUtcNow();
        var sheet = await db.ScoreSheets.FirstOrDefaultAsync(s => s.ApplicationId == application.Id && s.ExpertId == caller.UserId, cancellationToken);
        if (sheet is null)
        {
            sheet = ExpertScoreSheet.Start(Guid.NewGuid(), rubric, application.Id, caller.UserId, now);
            db.ScoreSheets.Add(sheet);
        }

        foreach (var mark in command.Marks ?? [])
        {
            sheet.Mark(rubric, mark.IndicatorCode ?? "", mark.Points, mark.Comment, now);
        }

        if (command.BonusClaims is { } claims)
        {
            foreach (var existing in sheet.BonusClaims.ToList())
            {
                sheet.WithdrawBonusClaim(rubric, existing.Id, now);
            }

            foreach (var claim in claims)
            {
                sheet.ClaimBonus(rubric, claim.ItemCode ?? "", claim.LevelCode, claim.Points, claim.Evidence ?? [], claim.Note, now);
            }
        }

        if (command.Veto is { } veto)
        {
            sheet.Veto(rubric, veto.Code ?? "", veto.Reason, now);
        }
        else if (sheet.HasVeto)
        {
            sheet.WithdrawVeto(rubric, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return SheetViews.Sheet(sheet, rubric);
    }
}

/// <summary>
/// 提交评分表: freezes the sheet and writes it into the application's audit trail; the last assigned expert's submission
/// also aggregates every sheet (decision 25, with the round's trimming rule) and moves the application to 已评分. Two
/// last submissions at once both write the application row, so one fails its version check and runs again (as often
/// as there are experts), now seeing the other's sheet: the aggregation happens exactly once.
/// </summary>
public sealed record SubmitSheet(Guid ApplicationId) : ICommand<SheetDto>;

public sealed class SubmitSheetHandler(IMarketplaceDbContext db, AccreditationAccess access, RubricCatalog rubrics, TimeProvider clock) : ICommandHandler<SubmitSheet, SheetDto>
{
    // Every round of simultaneous submissions lets at least one through, so n experts at once need at most n attempts.
    private const int MaxAttempts = CenterApplication.MaxExperts + 1;

    public async ValueTask<SheetDto> Handle(SubmitSheet command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (application, caller) = await access.ApplicationAsync(command.ApplicationId, null, cancellationToken);
            var actor = caller.ActorFor(application);
            application.EnsureScorableBy(actor);
            var rubric = rubrics.Get(application.RubricVersion);
            var now = clock.GetUtcNow();
            var sheet = await db.ScoreSheets.FirstOrDefaultAsync(s => s.ApplicationId == application.Id && s.ExpertId == caller.UserId, cancellationToken)
                ?? throw new Marketplace.Domain.Common.DomainException("评分表为空", "请先保存评分再提交。", "score_sheet_empty");
            sheet.Submit(rubric, now);
            application.RecordSheetSubmitted(actor, sheet, rubric, now);

            var others = await db.ScoreSheets.Where(s => s.ApplicationId == application.Id && s.ExpertId != caller.UserId && s.SubmittedAt != null).ToListAsync(cancellationToken);
            var sheets = others.Where(s => application.IsAssigned(s.ExpertId)).Append(sheet).ToList();
            if (application.ExpertUserIds.All(id => sheets.Any(s => s.ExpertId == id)))
            {
                var round = await access.RoundAsync(application.RoundId, cancellationToken);
                application.RecordScore(RubricAggregation.Aggregate(rubric, sheets, round.Trim), now);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return SheetViews.Sheet(sheet, rubric);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.DiscardChanges();
            }
        }
    }
}
