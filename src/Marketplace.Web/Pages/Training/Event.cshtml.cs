using Marketplace.Application.Training;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Training;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Training;

/// <summary>
/// One training event: the owner's form (details and a trainee table whose rows are added and removed by
/// wwwroot/js/training.js, or by the "add row" button without script) and, once the event has ended, the results form;
/// an authority sees the same record read-only. Each form carries the version it was read at.
/// </summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Company + "," + Roles.Authority)]
public sealed class EventModel(IMediator mediator, IStringLocalizer<SharedResource> l, TimeProvider clock) : PageModel
{
    /// <summary>Blank trainee rows a new form starts with, so a few names can be typed without script.</summary>
    private const int BlankRows = 3;

    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public EventForm Form { get; set; } = new();

    [BindProperty]
    public List<ResultRow> Results { get; set; } = [];

    public TrainingEventDto? Event { get; private set; }

    public IReadOnlyList<TrainingKindDto> Kinds { get; private set; } = [];

    public bool CanEdit => Event is null ? !User.IsInRole(Roles.Authority) : Event.CanEdit;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Event is { } e)
        {
            Form = EventForm.From(e);
        }
        else if (User.IsInRole(Roles.Authority))
        {
            return NotFound();
        }
        else
        {
            var today = Display.ChinaToday(clock.GetUtcNow());
            Form = new EventForm
            {
                Programme = User.IsInRole(Roles.Operator) ? TrainingProgramme.Center : TrainingProgramme.Studio,
                StartDate = today,
                EndDate = today,
                Hours = 8,
                Trainees = [.. Enumerable.Range(0, BlankRows).Select(_ => new TraineeRow())],
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        // Rows left blank (no name, no engineer) are the form's spare lines, not trainees.
        var lines = Form.Trainees.Where(t => !t.IsBlank)
            .Select(t => new TraineeLine(t.Id, t.EngineerId, t.Name, t.Employer, t.Title, t.Hours)).ToList();
        try
        {
            var saved = Id is { } id
                ? await mediator.Send(new ReviseTrainingEvent(id, Form.Version, Form.KindCode, Form.Title, Form.StartDate, Form.EndDate, Form.Hours, Form.Place, Form.OrganizerNote, lines), ct)
                : await mediator.Send(new RecordTrainingEvent(Form.Programme, Form.KindCode, Form.Title, Form.StartDate, Form.EndDate, Form.Hours, Form.Place, Form.OrganizerNote, lines), ct);
            Flash.Success(TempData, l["Training.Flash.Saved", saved.Title].Value);
            return RedirectToPage("/Training/Event", new { id = saved.Id });
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The "add row" button for browsers without script: the same form back with one more blank line.</summary>
    public async Task<IActionResult> OnPostAddRowAsync(CancellationToken ct)
    {
        ModelState.Clear();
        Form.Trainees.Add(new TraineeRow());
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResultsAsync(CancellationToken ct)
    {
        var lines = Results.Where(r => r.Result is not null).Select(r => new ResultLine(r.TraineeId, r.Result!.Value, r.CertificateNumber)).ToList();
        try
        {
            var saved = await mediator.Send(new RecordTrainingResults(Id ?? Guid.Empty, Form.Version, lines), ct);
            Flash.Success(TempData, l["Training.Flash.Results", saved.Title].Value);
            return RedirectToPage("/Training/Event", new { id = saved.Id });
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        await LoadAsync(ct);
        if (Event is { } e)
        {
            Form = EventForm.From(e);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        try
        {
            await mediator.Send(new DeleteTrainingEvent(Id ?? Guid.Empty, Form.Version), ct);
            Flash.Success(TempData, l["Training.Flash.Deleted"].Value);
            return RedirectToPage("/Training/Index");
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        await LoadAsync(ct);
        if (Event is { } e)
        {
            Form = EventForm.From(e);
        }

        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Kinds = await mediator.Send(new ListTrainingKinds(), ct);
        Event = Id is { } id ? await mediator.Send(new GetTrainingEvent(id), ct) : null;
    }

    public sealed class EventForm
    {
        public uint? Version { get; set; }

        public TrainingProgramme Programme { get; set; } = TrainingProgramme.Center;

        public string? KindCode { get; set; }

        public string? Title { get; set; }

        public DateOnly StartDate { get; set; }

        public DateOnly EndDate { get; set; }

        public decimal Hours { get; set; }

        public string? Place { get; set; }

        public string? OrganizerNote { get; set; }

        public List<TraineeRow> Trainees { get; set; } = [];

        public static EventForm From(TrainingEventDto e) => new()
        {
            Version = e.Version,
            Programme = e.Programme,
            KindCode = e.KindCode,
            Title = e.Title,
            StartDate = e.StartDate,
            EndDate = e.EndDate,
            Hours = e.Hours,
            Place = e.Place,
            OrganizerNote = e.OrganizerNote,
            Trainees = [.. e.Trainees.Select(t => new TraineeRow { Id = t.Id, EngineerId = t.EngineerId, Name = t.Name, Employer = t.Employer, Title = t.Title, Hours = t.Hours })],
        };
    }

    public sealed class TraineeRow
    {
        public Guid? Id { get; set; }

        public Guid? EngineerId { get; set; }

        public string? Name { get; set; }

        public string? Employer { get; set; }

        public ProfessionalTitle? Title { get; set; }

        public decimal Hours { get; set; }

        public bool IsBlank => EngineerId is null && string.IsNullOrWhiteSpace(Name);
    }

    public sealed class ResultRow
    {
        public Guid TraineeId { get; set; }

        public TrainingResult? Result { get; set; }

        public string? CertificateNumber { get; set; }
    }
}
