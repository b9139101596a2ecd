using Marketplace.Application.Outcomes;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Outcomes;

/// <summary>The annual report as a printable page: the .docx's cover, sections, tables and charts, styled for A4.</summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Authority)]
public sealed class PrintModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public OutcomeDashboardDto Data { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = Display.ChinaToday(clock.GetUtcNow());
        Data = await mediator.Send(new GetCenterOutcomes(Id, Year ?? Today.Year), ct);
    }
}
