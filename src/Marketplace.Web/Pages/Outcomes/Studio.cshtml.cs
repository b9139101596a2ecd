using Marketplace.Application.Outcomes;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Outcomes;

/// <summary>
/// A recognized studio's year (/Outcomes/Studio?id=&amp;year=): trainees by 正高 / 副高 / 其他 against its own 附件1
/// targets, training, pairs and fund against last year, each number linking to its records, the chart and the .xlsx.
/// Who may see it is the use case's call (404 otherwise); the roles only keep out accounts that never see one.
/// </summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Company + "," + Roles.Authority)]
public sealed class StudioModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public StudioOutcomesDto Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Data = await mediator.Send(new GetStudioOutcomes(Id, Year ?? Display.ChinaToday(clock.GetUtcNow()).Year), ct);
}
