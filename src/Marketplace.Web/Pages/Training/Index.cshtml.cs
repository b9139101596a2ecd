using Marketplace.Application.Dashboard;
using Marketplace.Application.Training;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Training;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Training;

/// <summary>
/// 培训记录: the owner's events (filter by year, kind, programme) with its yearly tally, or for an authority the events
/// it reads (the province all, a city its region) with the province's progress towards the 2030 targets.
/// </summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Company + "," + Roles.Authority)]
public sealed class IndexModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public TrainingProgramme? Programme { get; set; }

    public IReadOnlyList<TrainingEventSummaryDto> Events { get; private set; } = [];

    public IReadOnlyList<TrainingKindDto> Kinds { get; private set; } = [];

    public TrainingTallyDto? Tally { get; private set; }

    public bool IsAuthority => User.IsInRole(Roles.Authority);

    public int TallyYear { get; private set; }

    /// <summary>The tally's programme: the one filtered on, else the account's usual one (a center operator's, a studio host's).</summary>
    public TrainingProgramme TallyProgramme => Programme ?? (User.IsInRole(Roles.Operator) ? TrainingProgramme.Center : TrainingProgramme.Studio);

    public IReadOnlyList<int> Years { get; private set; } = [];

    public IReadOnlyList<LabelledCount> PeopleByTitle =>
        Tally is null ? [] : [.. Tally.ByTitle.Select(r => new LabelledCount(r.TitleCode, r.TitleName, r.People))];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var thisYear = Display.ChinaToday(clock.GetUtcNow()).Year;
        TallyYear = Year ?? thisYear;
        Years = [.. Enumerable.Range(2025, Math.Max(1, thisYear - 2025 + 2)).Reverse()];
        Kinds = await mediator.Send(new ListTrainingKinds(), ct);
        Events = await mediator.Send(new ListTrainingEvents(null, Programme, Year, string.IsNullOrEmpty(Kind) ? null : Kind), ct);
        if (!IsAuthority)
        {
            Tally = await mediator.Send(new TrainingTally(TallyProgramme, TallyYear), ct);
        }
    }
}
