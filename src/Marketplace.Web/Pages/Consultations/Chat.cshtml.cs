using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Application.Live;
using Marketplace.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Consultations;

/// <summary>
/// One consultation: the live chat (the browser joins /hubs/live and resyncs by sequence number), the steps each side
/// may take (accept, decline, route, end, rate) as forms, and attachments uploaded through this page's own
/// antiforgery-protected handler, then sent as a message over the hub.
/// </summary>
public sealed class ChatModel(IMediator mediator) : PageModel
{
    public ConsultationDto Consultation { get; private set; } = null!;

    /// <summary>For the center's operator while the request waits to be routed: the model's short list.</summary>
    public IReadOnlyList<RoutingCandidate> Candidates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Consultation = await mediator.Send(new GetConsultation(id), ct);
            if (Consultation is { MySide: "center", Status: Marketplace.Domain.Live.ConsultationStatus.Requested, EngineerId: null })
            {
                Candidates = await mediator.Send(new GetRoutingCandidates(id), ct);
            }

            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostStepAsync(Guid id, ConsultationStep step, string? reason, CancellationToken ct) =>
        Run(id, () => mediator.Send(new ChangeConsultation(id, step, reason), ct).AsTask());

    public Task<IActionResult> OnPostRouteAsync(Guid id, Guid engineerId, CancellationToken ct) =>
        Run(id, () => mediator.Send(new RouteConsultation(id, engineerId), ct).AsTask());

    public Task<IActionResult> OnPostRateAsync(Guid id, int stars, string? comment, CancellationToken ct) =>
        Run(id, () => mediator.Send(new RateConsultation(id, stars, comment), ct).AsTask());

    /// <summary>Called by the chat script (fetch with the antiforgery token); answers the attachment as JSON or a ProblemDetails.</summary>
    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return Problem("缺少文件", "请选择要发送的文件。");
        }

        if (file.Length > Marketplace.Domain.Live.ConsultationAttachment.MaxBytes)
        {
            return Problem("附件过大", "附件不能超过 5 MB。");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        try
        {
            return new JsonResult(await mediator.Send(new UploadAttachment(id, file.FileName, buffer.ToArray()), ct));
        }
        catch (DomainException error)
        {
            return Problem(error.Title, error.Message);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private static ObjectResult Problem(string title, string detail) =>
        new(new ProblemDetails { Status = 400, Title = title, Detail = detail }) { StatusCode = 400 };

    private async Task<IActionResult> Run(Guid id, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception error) when (error is DomainException or ForbiddenException or StaleVersionException)
        {
            Flash.Error(TempData, error.Message);
        }
        catch (ValidationException error)
        {
            Flash.Error(TempData, string.Join(" ", error.Errors.Select(e => e.ErrorMessage)));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Redirect($"/Consultations/{id}");
    }
}
