using Marketplace.Application.Outcomes;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Outcomes;

/// <summary>
/// 成果与年报: an operator goes straight to its center's dashboard, a studio's enterprise to its studio's year; an authority sees every center it may see side by
/// side for the year, with the province's 2030 targets (the training and studio progress components) below.
/// </summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Company + "," + Roles.Authority)]
public sealed class IndexModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public int SelectedYear { get; private set; }

    public OutcomeOverviewDto? Overview { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        SelectedYear = Year ?? Display.ChinaToday(clock.GetUtcNow()).Year;
        if (!User.IsInRole(Roles.Authority))
        {
            var mine = await mediator.Send(new GetMyOutcomeCenter(), ct);
            if (mine is { } id)
            {
                return Redirect($"/Outcomes/Center/{id}?year={SelectedYear}");
            }

            if (await mediator.Send(new GetMyOutcomeStudio(), ct) is { } studio)
            {
                return Redirect(OutcomeFormat.StudioUrl(studio, SelectedYear));
            }

            return Page();
        }

        Overview = await mediator.Send(new GetOutcomesOverview(SelectedYear), ct);
        return Page();
    }
}
