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

    public IReadOnlyList<OutcomeEntryDto> Entries { get; private set; } = [];

    public int SelectedYear => Year ?? Display.ChinaToday(clock.GetUtcNow()).Year;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Form = new EntryForm { OccurredOn = Display.ChinaToday(clock.GetUtcNow()) };
        await LoadAsync(ct);
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

            var created = await mediator.Send(new RecordOutcomeEntry(Form.Kind, Form.Subtype ?? "", Form.Title ?? "", Form.OccurredOn, Form.Amount, Form.Source,
                Form.TimesShared, Form.Detail, Evidence?.FileName, content), ct);
            Flash.Success(TempData, l["Outcomes.Entries.Saved", created.Title].Value);
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
    }
}
