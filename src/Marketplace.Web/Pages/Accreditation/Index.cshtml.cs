using Marketplace.Application.Accreditation;
using Marketplace.Application.Reference;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Accreditation;

/// <summary>
/// 申报轮次: every round with its state and links (applications, ranking, notice). The province opens and closes rounds
/// here; an applicant organization starts its application in an open round.
/// </summary>
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> l, TimeProvider clock) : AccreditationPage(mediator, l)
{
    [BindProperty]
    public OpenInput Open { get; set; } = new();

    [BindProperty]
    public Guid RoundId { get; set; }

    [BindProperty]
    public uint Version { get; set; }

    public IReadOnlyList<RoundDto> Rounds { get; private set; } = [];

    public IReadOnlyList<CenterApplicationSummaryDto> Mine { get; private set; } = [];

    public IReadOnlyList<RegionDto> Regions { get; private set; } = [];

    public bool IsApplicant => User.IsInRole(Roles.Operator) || User.IsInRole(Roles.Company);

    public string RegionName(string code) => Regions.FirstOrDefault(r => r.Code == code)?.Name ?? code;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToOffset(Display.ChinaOffset);
        Open.OpensAt = new DateTime(now.Year, now.Month, now.Day, 9, 0, 0, DateTimeKind.Unspecified);
        Open.ClosesAt = Open.OpensAt.AddDays(30).AddHours(8);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken ct)
    {
        var opened = await TryAsync(
            async () => await Mediator.Send(new OpenRound(
                Open.Name ?? "", Open.RegionCode ?? "", Display.FromChinaLocal(Open.OpensAt), Display.FromChinaLocal(Open.ClosesAt)), ct),
            p => "Open." + PageErrors.InputName(p) switch
            {
                "ApplicationOpensAt" => nameof(OpenInput.OpensAt),
                "ApplicationClosesAt" => nameof(OpenInput.ClosesAt),
                var input => input,
            });
        if (opened is not null)
        {
            return Done(L["Acc.Flash.Opened", opened.Name].Value, "/Accreditation/Index");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken ct)
    {
        var closed = await TryAsync(async () => await Mediator.Send(new CloseRound(RoundId, Version), ct));
        if (closed is not null)
        {
            return Done(L["Acc.Flash.Closed", closed.Name].Value, "/Accreditation/Index");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        var started = await TryAsync(async () => await Mediator.Send(new StartApplication(RoundId, null), ct));
        if (started is not null)
        {
            return Done(L["Acc.Flash.Started"].Value, "/Accreditation/Application", new { id = started.Id });
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadCallerAsync(ct);
        Rounds = await Mediator.Send(new ListRounds(), ct);
        Regions = [.. (await Mediator.Send(new GetReferenceData(), ct)).Regions.Where(r => r.Level <= 2)];
        if (IsApplicant)
        {
            Mine = await Mediator.Send(new ListMyApplications(), ct);
        }
    }

    public sealed class OpenInput
    {
        public string? Name { get; set; }

        public string? RegionCode { get; set; } = "430000";

        public DateTime OpensAt { get; set; }

        public DateTime ClosesAt { get; set; }
    }
}
