using Marketplace.Application.Outcomes;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Outcomes;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Outcomes;

/// <summary>填报成果: what the platform cannot see (standards, IP, shared equipment, funds), each with its evidence file.</summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Company)]
public sealed class EntriesModel(IMediator mediator, IStringLocalizer<SharedResource> l, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty]
    public EntryForm Form { get; set; } = new();

    [BindProperty]
    public IFormFile? Evidence { get; set; }

    /// <summary>The entry being corrected (<c>?edit={id}</c>), null when the form enters a new one.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Edit { get; set; }

    public IReadOnlyList<OutcomeEntryDto> Entries { get; private set; } = [];

    public OutcomeEntryDto? Editing => Edit is { } id ? Entries.FirstOrDefault(e => e.Id == id) : null;

    public int SelectedYear => Year ?? Display.ChinaToday(clock.GetUtcNow()).Year;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Form = new EntryForm { OccurredOn = Display.ChinaToday(clock.GetUtcNow()) };
        await LoadAsync(ct);
        if (Editing is { } e)
        {
            Form = new EntryForm
            {
                Kind = Enum.Parse<OutcomeEntryKind>(e.Kind), Subtype = e.Subtype, Title = e.Title, OccurredOn = e.OccurredOn, Amount = e.Amount,
                Source = e.Source is null ? null : Enum.Parse<FundSource>(e.Source), TimesShared = e.TimesShared, Detail = e.Detail, Version = e.Version,
            };
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid entryId, uint? version, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new DeleteOutcomeEntry(entryId, version), ct);
            Flash.Success(TempData, l["Outcomes.Entries.Deleted"].Value);
            return Redirect($"/Outcomes/Entries?year={SelectedYear}");
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        Form = new EntryForm { OccurredOn = Display.ChinaToday(clock.GetUtcNow()) };
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var content = Array.Empty<byte>();
            if (Evidence is { Length: > 0 and <= Marketplace.Domain.Engineers.EvidenceFile.MaxBytes })
            {
                using var buffer = new MemoryStream();
                await Evidence.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }
            else if (Evidence is { Length: > Marketplace.Domain.Engineers.EvidenceFile.MaxBytes })
            {
                content = new byte[Marketplace.Domain.Engineers.EvidenceFile.MaxBytes + 1];
            }

            var created = Edit is { } id
                ? await mediator.Send(new ReviseOutcomeEntry(id, Form.Version, Form.Kind, Form.Subtype ?? "", Form.Title ?? "", Form.OccurredOn, Form.Amount, Form.Source,
                    Form.TimesShared, Form.Detail, Evidence?.FileName, content.Length > 0 ? content : null), ct)
                : await mediator.Send(new RecordOutcomeEntry(Form.Kind, Form.Subtype ?? "", Form.Title ?? "", Form.OccurredOn, Form.Amount, Form.Source,
                    Form.TimesShared, Form.Detail, Evidence?.FileName, content), ct);
            Flash.Success(TempData, l[Edit is null ? "Outcomes.Entries.Saved" : "Outcomes.Entries.Revised", created.Title].Value);
            return Redirect($"/Outcomes/Entries?year={created.OccurredOn.Year}");
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) => Entries = await mediator.Send(new ListOutcomeEntries(SelectedYear), ct);

    public sealed class EntryForm
    {
        public OutcomeEntryKind Kind { get; set; } = OutcomeEntryKind.Standard;

        public string? Subtype { get; set; }

        public string? Title { get; set; }

        public DateOnly OccurredOn { get; set; }

        public decimal? Amount { get; set; }

        public FundSource? Source { get; set; }

        public int? TimesShared { get; set; }

        public string? Detail { get; set; }

        /// <summary>The version the entry had when the form was filled (corrections only).</summary>
        public uint? Version { get; set; }
    }
}
