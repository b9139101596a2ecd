using Marketplace.Application.Outcomes;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Outcomes;

/// <summary>工作室指标追溯: the records one studio figure is computed from.</summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Company + "," + Roles.Authority)]
public sealed class StudioRecordsModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    public StudioFigureRecordsDto Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Data = await mediator.Send(new GetStudioFigureRecords(Id, Year ?? Display.ChinaToday(clock.GetUtcNow()).Year, Key), ct);
}
