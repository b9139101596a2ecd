using Marketplace.Application.Accreditation;
using Marketplace.Application.Outcomes;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Outcomes;

/// <summary>
/// A center's year: every figure against last year and the center's target (each number links to its records), the
/// charts, the downloads (.docx, .xlsx, printable view), and for the operator the targets, the report narrative, the
/// self-assessment and submission; for the province, receiving the filed report.
/// </summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Authority)]
public sealed class CenterModel(IMediator mediator, IStringLocalizer<SharedResource> l, TimeProvider clock) : PageModel
{
    /// <summary>Figures an operator sets a yearly target for on this page (any figure can have one through the API).</summary>
    public static readonly string[] TargetKeys = GetOutcomesOverviewHandler.Keys;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty]
    public Dictionary<string, string> Narratives { get; set; } = [];

    [BindProperty]
    public Dictionary<string, decimal?> SelfPoints { get; set; } = [];

    [BindProperty]
    public Dictionary<string, decimal?> Targets { get; set; } = [];

    [BindProperty]
    public uint? Version { get; set; }

    [BindProperty]
    public uint? CenterVersion { get; set; }

    public OutcomeDashboardDto Data { get; private set; } = null!;

    public int SelectedYear => Year ?? Display.ChinaToday(clock.GetUtcNow()).Year;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostNarrativeAsync(CancellationToken ct) =>
        SendAsync(async () =>
        {
            // The form shows the suggestion where the records support one; left as it was, it stays the records' figure
            // (and follows them), not a mark of the operator's own. Only a changed or earlier-entered value is kept as entered.
            var current = await mediator.Send(new GetCenterOutcomes(Id, SelectedYear), ct);
            var suggested = current.SelfAssessment.Where(s => s.Entered is null && s.EvidenceFigures.Count > 0).ToDictionary(s => s.Code, s => s.Suggested);
            var points = SelfPoints.Where(p => p.Value is { } v && !(suggested.TryGetValue(p.Key, out var x) && x == v)).ToDictionary(p => p.Key, p => p.Value!.Value);
            return await mediator.Send(new SaveReportYear(Id, SelectedYear, null, Narratives.ToDictionary(n => n.Key, n => n.Value ?? ""), points, Version), ct);
        }, "Outcomes.Flash.Saved", ct);

    public Task<IActionResult> OnPostTargetsAsync(CancellationToken ct) =>
        SendAsync(async () =>
        {
            var current = await mediator.Send(new GetCenterOutcomes(Id, SelectedYear), ct);
            var targets = current.Figures.Where(f => f.Target is not null && !TargetKeys.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Target!.Value);
            foreach (var (key, value) in Targets.Where(t => t.Value is not null))
            {
                targets[key] = value!.Value;
            }

            return await mediator.Send(new SaveReportYear(Id, SelectedYear, targets, null, null, Version), ct);
        }, "Outcomes.Flash.TargetsSaved", ct);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) =>
        SendAsync(() => mediator.Send(new SubmitAnnualReport(Id, SelectedYear), ct).AsTask(), "Outcomes.Flash.Submitted", ct);

    public Task<IActionResult> OnPostAttachAsync(CancellationToken ct) =>
        SendAsync(() => mediator.Send(new AttachSelfAssessmentToEvaluation(Id, SelectedYear, CenterVersion), ct).AsTask(), "Outcomes.Flash.Attached", ct);

    public Task<IActionResult> OnPostReceiveAsync(CancellationToken ct) =>
        SendAsync(async () =>
        {
            var center = await mediator.Send(new GetCenter(Id), ct);
            await mediator.Send(new MarkReportReceived(Id, SelectedYear, center.Version), ct);
            return await mediator.Send(new GetCenterOutcomes(Id, SelectedYear), ct);
        }, "Outcomes.Flash.Received", ct);

    private async Task<IActionResult> SendAsync(Func<Task<OutcomeDashboardDto>> send, string successKey, CancellationToken ct)
    {
        try
        {
            await send();
            Flash.Success(TempData, l[successKey, SelectedYear].Value);
            return Redirect($"/Outcomes/Center/{Id}?year={SelectedYear}");
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) => Data = await mediator.Send(new GetCenterOutcomes(Id, SelectedYear), ct);
}
