using Marketplace.Application.Accreditation;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Studios;

/// <summary>
/// One studio's life: its stage and the step each party may take now (city desks, province, experts, the enterprise),
/// then, once recognized, the build cycle with its re-evaluation date, the fund ledger with a spending chart, and the
/// yearly targets. Every form carries the version it was read at, so a step someone else took meanwhile is refused.
/// </summary>
[Authorize]
public sealed class DetailsModel(IMediator mediator, AccreditationAccess access, StudioProgramme programme, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public StepForm Step { get; set; } = new();

    public StudioDto Studio { get; private set; } = null!;

    public StudioProgramme Programme => programme;

    public IReadOnlyList<StudioExpertDto> Experts { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public bool IsProvince { get; private set; }

    public bool IsCity { get; private set; }

    public bool IsApplicant { get; private set; }

    public bool IsAssignedExpert { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostCityAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new StudioCityReview(id, Step.Desk, Step.Approve, Step.Opinion, Step.Version), "Studios.Flash.CityReviewed", ct);

    public Task<IActionResult> OnPostExpertsAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new AssignStudioExperts(id, Step.ExpertUserIds, Step.Version), "Studios.Flash.ExpertsAssigned", ct);

    public Task<IActionResult> OnPostOpinionAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new GiveStudioOpinion(id, Step.Approve, Step.Opinion ?? ""), "Studios.Flash.OpinionGiven", ct);

    public Task<IActionResult> OnPostSelectAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new SelectStudio(id, Step.Approve, Step.Reason, Step.Version), "Studios.Flash.Selected", ct);

    public Task<IActionResult> OnPostNoticeAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new PublishStudioNotice(id, Step.Date ?? default, Step.Version), "Studios.Flash.NoticePublished", ct);

    public Task<IActionResult> OnPostResolveAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new ResolveStudioObjection(id, Step.ObjectionId, Step.Approve, Step.Reason ?? "", Step.Version), "Studios.Flash.ObjectionResolved", ct);

    public Task<IActionResult> OnPostRecognizeAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new RecognizeStudio(id, Step.DocumentNumber ?? "", Step.Date ?? default, Step.Version), "Studios.Flash.Recognized", ct);

    public Task<IActionResult> OnPostReEvaluateAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new ReEvaluateStudio(id, Step.Approve, Step.Reason, Step.Date ?? default, Step.Version), "Studios.Flash.ReEvaluated", ct);

    public Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct) =>
        SendAsync(id, new RevokeStudio(id, Step.Reason ?? "", Step.Version), "Studios.Flash.Revoked", ct);

    /// <summary>A spending with its voucher: the file is stored first and cited by the entry, as the API does in two calls.</summary>
    public async Task<IActionResult> OnPostSpendAsync(Guid id, IFormFile? voucher, CancellationToken ct)
    {
        try
        {
            Guid? voucherId = null;
            if (voucher is { Length: > 0 })
            {
                if (voucher.Length > Marketplace.Domain.Engineers.EvidenceFile.MaxBytes)
                {
                    throw new Marketplace.Domain.Common.DomainException("文件过大", l["Studios.Apply.FileTooLarge"].Value, "file_too_large");
                }

                using var buffer = new MemoryStream();
                await voucher.CopyToAsync(buffer, ct);
                voucherId = (await mediator.Send(new UploadStudioFile(id, StudioFile.VoucherPurpose, voucher.FileName, buffer.ToArray()), ct)).Id;
            }

            await mediator.Send(new RecordStudioSpending(id, Step.Category ?? "", Step.Date ?? default, Step.Amount ?? 0, Step.Note ?? "", voucherId, Step.Version), ct);
            Flash.Success(TempData, l["Studios.Flash.Spent"].Value);
            return RedirectToPage("/Studios/Details", new { id });
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task<IActionResult> SendAsync<T>(Guid id, T command, string successKey, CancellationToken ct)
        where T : ICommand<StudioDto>
    {
        try
        {
            await mediator.Send(command, ct);
            Flash.Success(TempData, l[successKey].Value);
            return RedirectToPage("/Studios/Details", new { id });
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Studio = await mediator.Send(new GetStudio(id), ct);
        Today = Display.ChinaToday(clock.GetUtcNow());
        var caller = await access.CallerAsync(ct);

        // The step forms shown follow the party the account acts as; the use cases check it again (403 if not).
        IsProvince = caller.IsProvince;
        IsCity = caller.IsCity;
        IsApplicant = caller.OrganizationId == Studio.ApplicantOrganizationId;
        IsAssignedExpert = caller.IsExpert && Studio.Status == StudioStatus.ExpertReview && Studio.Opinions.All(o => o.ExpertUserId != caller.UserId);
        if (IsProvince && Studio.Status == StudioStatus.CityRecommended)
        {
            Experts = await mediator.Send(new ListStudioExperts(), ct);
        }
    }

    public sealed class StepForm
    {
        public uint? Version { get; set; }

        public CityDesk Desk { get; set; }

        public bool Approve { get; set; }

        public string? Opinion { get; set; }

        public string? Reason { get; set; }

        public List<Guid> ExpertUserIds { get; set; } = [];

        public DateOnly? Date { get; set; }

        public string? DocumentNumber { get; set; }

        public Guid ObjectionId { get; set; }

        public string? Category { get; set; }

        public decimal? Amount { get; set; }

        public string? Note { get; set; }
    }
}
