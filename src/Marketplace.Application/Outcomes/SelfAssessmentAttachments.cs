using FluentValidation;
using Marketplace.Application.Accreditation;
using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Marketplace.Domain.Outcomes;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Outcomes;

/// <summary>
/// Turns the outcome self-assessment (the suggestions from the year's records and the operator's own marks) into rubric
/// marks with a note saying where each came from, for an evaluation or an application (issue 8 item 5, decision 91).
/// The operator's mark wins over the suggestion; an indicator the records cannot support has only the operator's mark.
/// </summary>
public static class SelfAssessmentSources
{
    public static SelfAssessmentMark? Mark(SuggestedScoreDto score, int year)
    {
        ArgumentNullException.ThrowIfNull(score);
        var supported = score.EvidenceFigures.Count > 0;
        var note = (score.Entered, supported) switch
        {
            ({ }, true) => $"运营方自评（平台建议 {score.Suggested:0.#} 分）：{score.Reason}",
            ({ }, false) => "运营方自评（平台记录不能支撑此项，材料另附）",
            (null, true) => $"依据平台 {year} 年记录：{score.Reason}",
            _ => null,
        };
        var points = score.Entered ?? (supported ? score.Suggested : (decimal?)null);
        return points is { } p ? new SelfAssessmentMark(score.Code, p, Clip(note!)) : null;
    }

    /// <summary>Every indicator of the rubric, with the suggestion where the figures support one and the operator's marks.</summary>
    public static IReadOnlyList<SuggestedScoreDto> Scores(Rubric rubric, IReadOnlyDictionary<string, decimal> figures, IReadOnlyDictionary<string, decimal>? entered)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(figures);
        var known = rubric.Secondaries.ToDictionary(s => s.Code);

        // A rubric of another version may lack an indicator a rule names: that rule then suggests nothing.
        var suggestions = SelfAssessmentRules.Suggest(figures, code => known.TryGetValue(code, out var s) ? s.MaxPoints : 0m).Where(s => known.ContainsKey(s.IndicatorCode)).ToList();
        return [.. rubric.Secondaries.Select(s =>
        {
            var suggestion = suggestions.FirstOrDefault(x => x.IndicatorCode == s.Code);
            decimal? mark = entered?.TryGetValue(s.Code, out var p) == true ? p : null;
            return new SuggestedScoreDto(s.Code, s.Name, s.MaxPoints, suggestion?.Points ?? 0m, mark,
                suggestion?.Reason ?? "平台记录不能支撑此项，请运营方自评并附材料。", suggestion?.EvidenceFigures ?? []);
        })];
    }

    private static string Clip(string note) => note.Length <= SelfAssessmentMarks.NoteMaxLength ? note : note[..(SelfAssessmentMarks.NoteMaxLength - 1)] + "…";
}

/// <summary>
/// 随评估报送自评: the center's operator sends the year's completed self-assessment with the evaluation the center is
/// waiting for (培育期满 / 整改期满), where the province reads it beside the records when it evaluates.
/// </summary>
public sealed record AttachSelfAssessmentToEvaluation(Guid CenterId, int Year, uint? Version) : ICommand<OutcomeDashboardDto>;

public sealed class AttachSelfAssessmentToEvaluationValidator : AbstractValidator<AttachSelfAssessmentToEvaluation>
{
    public AttachSelfAssessmentToEvaluationValidator() => RuleFor(x => x.Year).InclusiveBetween(2000, 2100).WithName("年度");
}

public sealed class AttachSelfAssessmentToEvaluationHandler(IMarketplaceDbContext db, OutcomeDesk desk, RubricCatalog rubrics)
    : ICommandHandler<AttachSelfAssessmentToEvaluation, OutcomeDashboardDto>
{
    public async ValueTask<OutcomeDashboardDto> Handle(AttachSelfAssessmentToEvaluation command, CancellationToken cancellationToken)
    {
        var (center, caller) = await desk.CenterAsync(command.CenterId, cancellationToken);
        ReportYearRules.RequireOperator(caller, center);
        if (command.Version is { } v && center.Version != v)
        {
            throw new StaleVersionException();
        }

        var (dashboard, _) = await desk.DashboardAsync(center.Id, command.Year, cancellationToken);
        var marks = dashboard.SelfAssessment.Select(s => SelfAssessmentSources.Mark(s, command.Year)).OfType<SelfAssessmentMark>().ToList();
        var now = desk.Clock.GetUtcNow();
        center.AttachSelfAssessment(caller.ActorFor(center), command.Year, rubrics.Current, marks, AccreditationClock.Today(now), now);
        await db.SaveChangesAsync(cancellationToken);
        return (await desk.DashboardAsync(center.Id, command.Year, cancellationToken)).Dashboard;
    }
}

/// <summary>
/// 按平台记录预填申报自评: the applicant fills its draft application's self-assessment from one year of its own records
/// on the platform (and, if it already runs a center, the marks its operator entered for that year). Indicators the
/// records cannot support keep what the draft had; everything stays editable until the application is submitted.
/// </summary>
public sealed record PrefillApplicationSelfAssessment(Guid ApplicationId, int Year, uint? Version) : ICommand<CenterApplicationDto>;

public sealed class PrefillApplicationSelfAssessmentValidator : AbstractValidator<PrefillApplicationSelfAssessment>
{
    public PrefillApplicationSelfAssessmentValidator() => RuleFor(x => x.Year).InclusiveBetween(2000, 2100).WithName("年度");
}

public sealed class PrefillApplicationSelfAssessmentHandler(
    IMarketplaceDbContext db, ApplicationSteps steps, OutcomeCalculator calculator, RubricCatalog rubrics, CenterConditionChecklist checklist, TimeProvider clock)
    : ICommandHandler<PrefillApplicationSelfAssessment, CenterApplicationDto>
{
    public async ValueTask<CenterApplicationDto> Handle(PrefillApplicationSelfAssessment command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.ApplicationId, command.Version, async (a, _, actor, now) =>
        {
            // Refuse anyone but the applicant before the records are read (decision 82); the draft's own rules follow.
            if (actor.Party != AccreditationParty.Applicant)
            {
                throw new DomainForbiddenException("没有权限", "只有申报单位可以修改申报书。", "forbidden_party");
            }

            if (command.Year > AccreditationClock.Today(clock.GetUtcNow()).Year)
            {
                throw new DomainException("年度无效", $"只能依据已发生的年度记录预填，收到 {command.Year} 年。", "year_invalid");
            }

            var rubric = rubrics.Get(a.RubricVersion);
            var sheet = await calculator.ComputeAsync(Guid.Empty, a.ApplicantOrganizationId, command.Year, cancellationToken);
            var centerIds = await db.AccreditedCenters.Where(c => c.OrganizationId == a.ApplicantOrganizationId).Select(c => c.Id).ToListAsync(cancellationToken);
            var plan = await db.CenterReportYears.AsNoTracking()
                .Where(y => centerIds.Contains(y.CenterId) && y.Year == command.Year).OrderByDescending(y => y.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
            var filled = SelfAssessmentSources.Scores(rubric, sheet.Values, plan?.SelfAssessment)
                .Select(s => SelfAssessmentSources.Mark(s, command.Year)).OfType<SelfAssessmentMark>().ToList();
            var kept = a.SelfAssessment.Where(m => filled.All(f => f.IndicatorCode != m.IndicatorCode));
            a.UpdateDraft(actor, checklist, rubric, [.. a.Conditions], a.ConstructionPlan, [.. kept, .. filled], now);
        }, cancellationToken);
}
