using Marketplace.Application.Outcomes;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Outcomes;

/// <summary>指标追溯: the records one figure is computed from, each linking to where it lives on the platform.</summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Authority)]
public sealed class RecordsModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    public FigureRecordsDto Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Data = await mediator.Send(new GetFigureRecords(Id, Year ?? Display.ChinaToday(clock.GetUtcNow()).Year, Key), ct);
}
