using FluentValidation;
using Marketplace.Application.Live;
using Marketplace.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Consultations;

/// <summary>在线问诊: my consultations, and for a company the form that asks an engineer (?engineerId=) or a center.</summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<ConsultationListItem> Items { get; private set; } = [];

    public IReadOnlyList<CenterOption> Centers { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public Guid? EngineerId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CenterId { get; set; }

    [BindProperty]
    public string Topic { get; set; } = "";

    [BindProperty]
    public string Question { get; set; } = "";

    [BindProperty]
    public decimal Price { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await mediator.Send(new ListConsultations(), ct);
        Centers = await mediator.Send(new ListCenters(), ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var created = await mediator.Send(new OpenConsultation(EngineerId, EngineerId is null ? CenterId : null, Topic, Question, Price), ct);
            return Redirect($"/Consultations/{created.Id}");
        }
        catch (ValidationException error)
        {
            foreach (var failure in error.Errors)
            {
                ModelState.AddModelError(failure.PropertyName, failure.ErrorMessage);
            }
        }
        catch (DomainException error)
        {
            ModelState.AddModelError("", error.Message);
        }

        await LoadAsync(ct);
        return Page();
    }
}
