using Marketplace.Application.Challenges;
using Marketplace.Application.Common;
using Marketplace.Application.Engineers;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Challenges;

/// <summary>
/// 揭榜: an engineer applies alone or leads a team. Team members are found by name (a search that re-renders the form
/// with what was typed, so it works without script) or by a pasted engineer id; shares must add up to 100 %.
/// </summary>
[Authorize(Roles = Roles.Engineer)]
public sealed class ApplyModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int MaxOtherMembers = ChallengeApplication.MaxTeamSize - 1;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public ApplyInput Input { get; set; } = new();

    public ChallengeDetailDto Listing { get; private set; } = null!;

    public EngineerDetailDto Me { get; private set; } = null!;

    public IReadOnlyList<EngineerPickDto> Found { get; private set; } = [];

    /// <summary>Names of the engineers whose ids are in the team rows, to show beside the ids.</summary>
    public IReadOnlyDictionary<Guid, EngineerPickDto> Members { get; private set; } = new Dictionary<Guid, EngineerPickDto>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Input.MyShare = 100;
        return await ShowAsync(ct, redirectWhenClosed: true);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var rows = Input.Team.Select((row, index) => (row, index)).Where(r => !r.row.IsBlank).ToList();
        if (!ModelState.IsValid)
        {
            return await ShowAsync(ct);
        }

        // Team[0] of the use case is the lead (the caller); the others follow in the order of the non-blank rows.
        var me = await mediator.Send(new GetMyEngineerProfile(), ct);
        List<TeamMemberInput>? team = null;
        if (rows.Count > 0)
        {
            team = [new TeamMemberInput(me.Id, Input.MyShare ?? 0)];
            foreach (var (row, index) in rows)
            {
                if (!Guid.TryParse(row.EngineerId?.Trim(), out var engineerId))
                {
                    ModelState.AddModelError($"Input.Team[{index}].EngineerId", l["Challenges.Apply.BadEngineerId"].Value);
                    continue;
                }

                team.Add(new TeamMemberInput(engineerId, row.SharePercent ?? 0));
            }

            if (!ModelState.IsValid)
            {
                return await ShowAsync(ct);
            }
        }

        try
        {
            var application = await mediator.Send(new ApplyToChallenge(Id, Input.Proposal ?? "", Input.Plan ?? "", Input.Quote ?? 0, Input.TimelineDays ?? 0, team), ct);
            Flash.Success(TempData, l[application.Status == ApplicationStatus.Draft ? "Challenges.Flash.TeamInvited" : "Challenges.Flash.Applied"].Value);
            return RedirectToPage("/Challenges/Details", new { id = Id });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l, property => FieldFor(property, rows.Select(r => r.index).ToList()));
        }

        return await ShowAsync(ct);
    }

    /// <summary>Searches engineers by name and shows the form again with everything typed kept.</summary>
    public async Task<IActionResult> OnPostFindAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (!string.IsNullOrWhiteSpace(Input.FindName))
        {
            try
            {
                Found = await mediator.Send(new FindEngineers(Input.FindName.Trim()), ct);
            }
            catch (FluentValidation.ValidationException refused)
            {
                PageErrors.Add(ModelState, refused, l);
            }
        }

        return await ShowAsync(ct);
    }

    /// <summary>Puts a found engineer into the first empty team row.</summary>
    public async Task<IActionResult> OnPostAddAsync(Guid engineer, CancellationToken ct)
    {
        ModelState.Clear();
        if (Input.Team.All(r => r.EngineerId?.Trim() != engineer.ToString()))
        {
            var empty = Input.Team.FindIndex(r => string.IsNullOrWhiteSpace(r.EngineerId));
            if (empty >= 0)
            {
                Input.Team[empty].EngineerId = engineer.ToString();
            }
            else if (Input.Team.Count < MaxOtherMembers)
            {
                Input.Team.Add(new TeamRow { EngineerId = engineer.ToString() });
            }
        }

        Input.FindName = null;
        return await ShowAsync(ct);
    }

    /// <summary>The team rows the form shows: what was typed, and one empty row to add another member.</summary>
    public IReadOnlyList<TeamRow> TeamRows()
    {
        var rows = Input.Team.ToList();
        while (rows.Count < Math.Min(MaxOtherMembers, Math.Max(2, Input.Team.Count(r => !r.IsBlank) + 1)))
        {
            rows.Add(new TeamRow());
        }

        return rows;
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct, bool redirectWhenClosed = false)
    {
        try
        {
            Listing = await mediator.Send(new GetChallenge(Id), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        if (redirectWhenClosed && (Listing.AllowedActions.All(a => a.Action != ChallengeAction.Apply) || Listing.MyApplicationId is not null || !Listing.DetailsVisible))
        {
            // Nothing to fill in: the detail page says why (closed, already applied, NDA first).
            Flash.Error(TempData, Listing.MyApplicationId is not null ? l["Challenges.Apply.AlreadyApplied"].Value
                : !Listing.DetailsVisible ? l["Challenges.Apply.NdaFirst"].Value
                : l["Challenges.Apply.Closed"].Value);
            return RedirectToPage("/Challenges/Details", new { id = Id });
        }

        Me = await mediator.Send(new GetMyEngineerProfile(), ct);
        var ids = Input.Team.Select(r => Guid.TryParse(r.EngineerId?.Trim(), out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        if (ids.Count > 0)
        {
            Members = (await mediator.Send(new FindEngineers(Ids: ids), ct)).ToDictionary(e => e.Id);
        }

        return Page();
    }

    /// <summary>The use case's team index 0 is the lead (the "my share" input); index i is the i-th non-blank row.</summary>
    private static string FieldFor(string property, IReadOnlyList<int> rowIndexes)
    {
        var name = PageErrors.InputName(property);
        if (name == "Team" && property.Contains('[', StringComparison.Ordinal))
        {
            var open = property.IndexOf('[', StringComparison.Ordinal);
            var close = property.IndexOf(']', open);
            if (int.TryParse(property[(open + 1)..close], out var index))
            {
                return index == 0 ? "Input.MyShare" : index - 1 < rowIndexes.Count ? $"Input.Team[{rowIndexes[index - 1]}].SharePercent" : "Input.Team";
            }
        }

        return name is "Proposal" or "Plan" or "Quote" or "TimelineDays" or "Team" ? "Input." + name : string.Empty;
    }

    public sealed class ApplyInput
    {
        public string? Proposal { get; set; }

        public string? Plan { get; set; }

        public decimal? Quote { get; set; }

        public int? TimelineDays { get; set; }

        /// <summary>The lead's own share when applying with a team.</summary>
        public int? MyShare { get; set; }

        public List<TeamRow> Team { get; set; } = [];

        public string? FindName { get; set; }
    }

    public sealed class TeamRow
    {
        /// <summary>Text, not a Guid: a mistyped paste is answered next to the row instead of being dropped.</summary>
        public string? EngineerId { get; set; }

        public int? SharePercent { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(EngineerId) && SharePercent is null;
    }
}
