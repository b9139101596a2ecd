using Marketplace.Application.Accreditation;
using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Accreditation.Centers;

/// <summary>
/// The lifecycle view of one recognized center, for its own accounts and the authorities: the timeline with due days,
/// reports per year, what is owed, the flag, the audit trail; the province evaluates, receives reports and revokes here,
/// the center files its reports. Anyone else gets a 404. Forms carry the version the page was read at.
/// </summary>
public sealed class DetailsModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public CenterForm Form { get; set; } = new();

    public CenterDto Center { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostEvaluateAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new EvaluateCenter(id, Form.Period, Form.Passed, Form.Opinion ?? "", Form.Version), ct);

    public async Task<IActionResult> OnPostReportAsync(Guid id, CancellationToken ct)
    {
        ReportFileUpload? file = null;
        if (Form.File is { Length: > 0 } upload)
        {
            if (upload.Length > Marketplace.Domain.Engineers.EvidenceFile.MaxBytes)
            {
                ModelState.AddModelError(string.Empty, l["Centers.Report.TooLarge"].Value);
                return await LoadAsync(id, ct) ? Page() : NotFound();
            }

            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, ct);
            file = new ReportFileUpload(upload.FileName, buffer.ToArray());
        }

        return await SendAsync(id, new FileAnnualReport(id, Form.Year, Form.Summary ?? "", file, Form.Version), ct);
    }

    public Task<IActionResult> OnPostReceiveAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new MarkReportReceived(id, Form.Year, Form.Version), ct);

    public Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new RevokeCenter(id, Form.Reason ?? "", Form.Version), ct);

    private async Task<IActionResult> SendAsync(Guid id, ICommand<CenterDto> command, CancellationToken ct)
    {
        try
        {
            await mediator.Send(command, ct);
            Flash.Success(TempData, l["Centers.Flash.Saved"].Value);
            return RedirectToPage("/Accreditation/Centers/Details", new { id });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Center = await mediator.Send(new GetCenter(id), ct);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    public sealed class CenterForm
    {
        public uint Version { get; set; }

        public CenterEvaluationPeriod Period { get; set; }

        public bool Passed { get; set; }

        public string? Opinion { get; set; }

        public int Year { get; set; }

        public string? Summary { get; set; }

        public IFormFile? File { get; set; }

        public string? Reason { get; set; }
    }
}
