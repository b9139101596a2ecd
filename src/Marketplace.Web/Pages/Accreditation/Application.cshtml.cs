using Marketplace.Application.Outcomes;
using Marketplace.Application.Accreditation;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Accreditation;

/// <summary>
/// One application, for each party that may see it. The applicant edits a draft (or a returned application): the 第七条
/// checklist with evidence files, the 建设方案 and the self-assessment, then saves or submits. The city bureau recommends
/// or returns it; the province accepts it, assigns experts, resolves objections and recognizes it, and reads its audit
/// trail. Every step carries the version the page was read at, so a step on a stale copy is refused and changes nothing.
/// </summary>
public sealed class ApplicationModel(IMediator mediator, IStringLocalizer<SharedResource> l, TimeProvider clock) : AccreditationPage(mediator, l)
{
    [BindProperty]
    public ApplicationInput Input { get; set; } = new();

    [BindProperty]
    public StepInput Form { get; set; } = new();

    public CenterApplicationDto Application { get; private set; } = null!;

    public AccreditationForms Forms { get; private set; } = null!;

    public IReadOnlyList<EvidenceFileDto> Evidence { get; private set; } = [];

    public IReadOnlyList<ReturnNoteDto> ReturnNotes { get; private set; } = [];

    public IReadOnlyList<ExpertOptionDto> Experts { get; private set; } = [];

    public bool IsApplicant => Caller.OrganizationId == Application.ApplicantOrganizationId;

    public bool Editable => IsApplicant && Application.Status is CenterApplicationStatus.Draft or CenterApplicationStatus.ReturnedByCity;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Input = ApplicationInput.From(Application, Forms);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct)
    {
        var saved = await SaveAsync(id, ct);
        return saved is not null ? Done(L["Acc.Flash.Saved"].Value, "/Accreditation/Application", new { id }) : await RedisplayAsync(id, ct);
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct)
    {
        var saved = await SaveAsync(id, ct);
        if (saved is not null)
        {
            try
            {
                await Mediator.Send(new SubmitApplication(id, saved.Version), ct);
                return Done(L["Acc.Flash.Submitted"].Value, "/Accreditation/Application", new { id });
            }
            catch (Exception refused) when (PageErrors.IsRefusal(refused))
            {
                // The content is saved as a draft; what keeps it from being submitted is said next to the fields.
                Input.Version = saved.Version;
                PageErrors.Add(ModelState, refused, L);
                MarkIncompleteFields(refused);
            }
        }

        return await RedisplayAsync(id, ct);
    }

    /// <summary>Saves what the form holds, then fills the self-assessment from the chosen year's records on the platform.</summary>
    public async Task<IActionResult> OnPostPrefillAsync(Guid id, CancellationToken ct)
    {
        var saved = await SaveAsync(id, ct);
        if (saved is not null)
        {
            var year = Form.PrefillYear ?? PrefillYears[0];
            var done = await TryAsync(async () => await Mediator.Send(new PrefillApplicationSelfAssessment(id, year, saved.Version), ct), p => "Form." + PageErrors.InputName(p));
            if (done is not null)
            {
                return Done(L["Acc.Flash.Prefilled", year].Value, "/Accreditation/Application", new { id });
            }

            Input.Version = saved.Version;
        }

        return await RedisplayAsync(id, ct);
    }

    /// <summary>The years an applicant may prefill from: this one (China time) and the two before it.</summary>
    public int[] PrefillYears => [.. Enumerable.Range(0, 3).Select(n => Display.ChinaToday(clock.GetUtcNow()).Year - n)];

    public Task<IActionResult> OnPostRecommendAsync(Guid id, CancellationToken ct) =>
        StepAsync(id, () => new CityReview(id, true, Form.Reason, Form.Version), "Acc.Flash.Recommended", ct);

    public Task<IActionResult> OnPostReturnAsync(Guid id, CancellationToken ct) =>
        StepAsync(id, () => new CityReview(id, false, Form.Reason, Form.Version), "Acc.Flash.Returned", ct);

    public Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken ct) =>
        StepAsync(id, () => new ProvinceAccept(id, Form.Reason, Form.Version), "Acc.Flash.Accepted", ct);

    public Task<IActionResult> OnPostAssignAsync(Guid id, CancellationToken ct) =>
        StepAsync(id, () => new AssignExperts(id, Form.ExpertUserIds, Form.Version), "Acc.Flash.Assigned", ct);

    public Task<IActionResult> OnPostResolveAsync(Guid id, CancellationToken ct) =>
        StepAsync(id, () => new ResolveObjection(id, Form.ObjectionId, Form.Upheld, Form.Reason ?? "", Form.Version), "Acc.Flash.Resolved", ct);

    public Task<IActionResult> OnPostRecognizeAsync(Guid id, CancellationToken ct) =>
        StepAsync(id, () => new Recognize(id, Form.DocumentNumber ?? "", Form.RecognizedOn ?? default, Form.Version), "Acc.Flash.Recognized", ct);

    private async Task<IActionResult> StepAsync(Guid id, Func<ICommand<CenterApplicationDto>> command, string successKey, CancellationToken ct)
    {
        var done = await TryAsync(async () => await Mediator.Send(command(), ct), p => "Form." + PageErrors.InputName(p));
        return done is not null ? Done(L[successKey, done.ApplicantName].Value, "/Accreditation/Application", new { id }) : await RedisplayAsync(id, ct);
    }

    /// <summary>Uploads the files attached to conditions (citing each in its condition), then saves the content.</summary>
    private async Task<CenterApplicationDto?> SaveAsync(Guid id, CancellationToken ct)
    {
        for (var i = 0; i < Input.Conditions.Count; i++)
        {
            if (Input.Conditions[i].File is { Length: > EvidenceFile.MaxBytes })
            {
                ModelState.AddModelError($"Input.Conditions[{i}].File", L["Acc.Form.FileTooLarge", EvidenceFile.MaxBytes / 1024 / 1024].Value);
            }
        }

        return await TryAsync(async () =>
        {
            for (var i = 0; i < Input.Conditions.Count; i++)
            {
                var row = Input.Conditions[i];
                if (row.File is not { Length: > 0 } file)
                {
                    continue;
                }

                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                try
                {
                    var uploaded = await Mediator.Send(new UploadEvidence(id, file.FileName, buffer.ToArray()), ct);
                    row.Evidence = string.Join('\n', row.EvidenceList().Append(uploaded.Reference));
                }
                catch (DomainException refused)
                {
                    ModelState.AddModelError($"Input.Conditions[{i}].File", refused.Message);
                    throw;
                }
            }

            return await Mediator.Send(new UpdateApplication(id, Input.Version, Input.Content()), ct);
        });
    }

    /// <summary>The domain names what is missing in its message; the form also marks the rows, so the applicant sees where.</summary>
    private void MarkIncompleteFields(Exception refused)
    {
        if (refused is not DomainException { Code: var code })
        {
            return;
        }

        if (code == "plan_required")
        {
            ModelState.AddModelError("Input.ConstructionPlan", L["Acc.Form.PlanRequired"].Value);
        }

        if (code == "condition_not_met")
        {
            for (var i = 0; i < Input.Conditions.Count; i++)
            {
                var row = Input.Conditions[i];
                if (!row.Met || string.IsNullOrWhiteSpace(row.Explanation) || row.EvidenceList().Count == 0)
                {
                    ModelState.AddModelError($"Input.Conditions[{i}].Explanation", L["Acc.Form.ConditionIncomplete"].Value);
                }
            }
        }

        if (code == "self_assessment_incomplete")
        {
            for (var i = 0; i < Input.Self.Count; i++)
            {
                if (Input.Self[i].Points is null)
                {
                    ModelState.AddModelError($"Input.Self[{i}].Points", L["Acc.Form.SelfMissing"].Value);
                }
            }
        }
    }

    private async Task<IActionResult> RedisplayAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!Editable)
        {
            Input = ApplicationInput.From(Application, Forms);
        }
        else
        {
            Input.Normalize(Forms);
        }

        return Page();
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        await LoadCallerAsync(ct);
        Application = await Mediator.Send(new GetApplication(id), ct);
        Forms = await Mediator.Send(new GetAccreditationForms(Application.RubricVersion), ct);
        Evidence = await Mediator.Send(new ListEvidence(id), ct);
        ReturnNotes = await Mediator.Send(new GetReturnNotes(id), ct);
        if (Caller.IsProvince)
        {
            Experts = await Mediator.Send(new ListExpertOptions(), ct);
        }
    }

    public sealed class ApplicationInput
    {
        public uint Version { get; set; }

        public List<ConditionRow> Conditions { get; set; } = [];

        public string? ConstructionPlan { get; set; }

        public List<SelfRow> Self { get; set; } = [];

        public static ApplicationInput From(CenterApplicationDto a, AccreditationForms forms)
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(forms);
            return new ApplicationInput
            {
                Version = a.Version,
                ConstructionPlan = a.ConstructionPlan,
                Conditions = [.. forms.Conditions.Conditions.Select(c => a.Conditions.FirstOrDefault(s => s.Code == c.Code) is { } s
                    ? new ConditionRow { Code = c.Code, Met = s.Met, Explanation = s.Explanation, Evidence = string.Join('\n', s.Evidence) }
                    : new ConditionRow { Code = c.Code })],
                Self = [.. forms.Rubric.Secondaries.Select(i => a.SelfAssessment.FirstOrDefault(m => m.IndicatorCode == i.Code) is { } m
                    ? new SelfRow { Code = i.Code, Points = m.Points, Note = m.Note }
                    : new SelfRow { Code = i.Code })],
            };
        }

        /// <summary>A posted form keeps what was typed; rows the post left out (none, normally) are added back empty.</summary>
        public void Normalize(AccreditationForms forms)
        {
            ArgumentNullException.ThrowIfNull(forms);
            Conditions = [.. forms.Conditions.Conditions.Select(c => Conditions.FirstOrDefault(r => r.Code == c.Code) ?? new ConditionRow { Code = c.Code })];
            Self = [.. forms.Rubric.Secondaries.Select(i => Self.FirstOrDefault(r => r.Code == i.Code) ?? new SelfRow { Code = i.Code })];
        }

        public ApplicationContent Content() => new(
            [.. Conditions.Select(c => new ConditionInput(c.Code ?? "", c.Met, c.Explanation, c.EvidenceList()))],
            ConstructionPlan,
            [.. Self.Where(s => s.Points is not null).Select(s => new SelfAssessmentInput(s.Code ?? "", s.Points!.Value, s.Note))]);
    }

    public sealed class ConditionRow
    {
        public string? Code { get; set; }

        public bool Met { get; set; }

        public string? Explanation { get; set; }

        /// <summary>Evidence references, one a line: an uploaded file's <c>file:</c> reference or a description.</summary>
        public string? Evidence { get; set; }

        public IFormFile? File { get; set; }

        public List<string> EvidenceList() =>
            [.. (Evidence ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    public sealed class SelfRow
    {
        public string? Code { get; set; }

        public decimal? Points { get; set; }

        public string? Note { get; set; }
    }

    public sealed class StepInput
    {
        public uint Version { get; set; }

        public string? Reason { get; set; }

        public List<Guid> ExpertUserIds { get; set; } = [];

        public Guid ObjectionId { get; set; }

        public bool Upheld { get; set; }

        public string? DocumentNumber { get; set; }

        public DateOnly? RecognizedOn { get; set; }

        public int? PrefillYear { get; set; }
    }
}
