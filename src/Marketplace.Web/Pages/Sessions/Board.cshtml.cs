using Marketplace.Application.Common;
using Marketplace.Application.Live;
using Marketplace.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Sessions;

/// <summary>
/// A session: for the company (and operator) the live board of answers, ranked, with one-click consultation or
/// challenge invitation and the minutes once closed; for an invited engineer the invitation and the answer buttons.
/// </summary>
public sealed class BoardModel(IMediator mediator) : PageModel
{
    public SessionDto Session { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Session = await mediator.Send(new GetMatchingSession(id), ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostConsultAsync(Guid id, Guid invitationId, CancellationToken ct)
    {
        try
        {
            var consultation = await mediator.Send(new ConsultFromSession(id, invitationId), ct);
            return Redirect($"/Consultations/{consultation.Id}");
        }
        catch (Exception error) when (error is DomainException or ForbiddenException or NotFoundException)
        {
            Flash.Error(TempData, error.Message);
            return Redirect($"/Sessions/{id}");
        }
    }

    public Task<IActionResult> OnPostInviteAsync(Guid id, Guid invitationId, CancellationToken ct) =>
        Run(id, () => mediator.Send(new InviteFromSession(id, invitationId), ct).AsTask());

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) =>
        Run(id, () => mediator.Send(new CloseMatchingSession(id), ct).AsTask());

    private async Task<IActionResult> Run(Guid id, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception error) when (error is DomainException or ForbiddenException or NotFoundException or StaleVersionException)
        {
            Flash.Error(TempData, error.Message);
        }

        return Redirect($"/Sessions/{id}");
    }
}
