using Marketplace.Application.Training;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Training;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Training;

/// <summary>传帮带结对: the list (owner: its own; authority: what it reads), a form for a new pair, and 结业 / 中止 inline.</summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Company + "," + Roles.Authority)]
public sealed class PairingsModel(IMediator mediator, IStringLocalizer<SharedResource> l, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public PairingStatus? Status { get; set; }

    [BindProperty]
    public PairingForm Form { get; set; } = new();

    [BindProperty]
    public ActionForm Step { get; set; } = new();

    public IReadOnlyList<MentorPairingDto> Pairings { get; private set; } = [];

    public bool IsAuthority => User.IsInRole(Roles.Authority);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = Display.ChinaToday(clock.GetUtcNow());
        Form = new PairingForm
        {
            Programme = User.IsInRole(Roles.Operator) ? TrainingProgramme.Center : TrainingProgramme.Studio,
            StartDate = today,
            PlannedEndDate = today.AddYears(1),
        };
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostStartAsync(CancellationToken ct) =>
        SendAsync(async () => (await mediator.Send(new StartPairing(
            Form.Programme, Form.MentorEngineerId ?? Guid.Empty, Form.TraineeEngineerId ?? Guid.Empty, Form.StartDate, Form.PlannedEndDate, Form.Goals), ct)).MentorName,
            "Training.Flash.PairingStarted", ct);

    public Task<IActionResult> OnPostCompleteAsync(CancellationToken ct) =>
        SendAsync(async () => (await mediator.Send(new CompletePairing(Step.Id, Step.Version, Step.Text), ct)).TraineeName, "Training.Flash.PairingCompleted", ct);

    public Task<IActionResult> OnPostStopAsync(CancellationToken ct) =>
        SendAsync(async () => (await mediator.Send(new StopPairing(Step.Id, Step.Version, Step.Text), ct)).TraineeName, "Training.Flash.PairingStopped", ct);

    private async Task<IActionResult> SendAsync(Func<Task<string>> send, string successKey, CancellationToken ct)
    {
        try
        {
            var name = await send();
            Flash.Success(TempData, l[successKey, name].Value);
            return RedirectToPage("/Training/Pairings");
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) => Pairings = await mediator.Send(new ListPairings(null, null, Status), ct);

    public sealed class PairingForm
    {
        public TrainingProgramme Programme { get; set; } = TrainingProgramme.Center;

        public Guid? MentorEngineerId { get; set; }

        public Guid? TraineeEngineerId { get; set; }

        public DateOnly StartDate { get; set; }

        public DateOnly PlannedEndDate { get; set; }

        public string? Goals { get; set; }
    }

    public sealed class ActionForm
    {
        public Guid Id { get; set; }

        public uint? Version { get; set; }

        /// <summary>结业成果 or 中止原因, by the button pressed.</summary>
        public string? Text { get; set; }
    }
}
