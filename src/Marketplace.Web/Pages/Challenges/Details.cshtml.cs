using System.Security.Claims;
using Marketplace.Application.Challenges;
using Marketplace.Application.Common;
using Marketplace.Application.Reference;
using Marketplace.Domain.Challenges;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Challenges;

/// <summary>
/// One listing as the caller may see it, with the forms for exactly the steps the life-cycle table allows them now
/// (<see cref="ChallengeDetailDto.AllowedActions"/>). Every step posts here (one named handler per step), carries
/// the version the caller read where the use case takes one, and either redirects back with a success message or
/// re-renders the page with the refusal in Chinese.
/// </summary>
public sealed class DetailsModel(IMediator mediator, IStringLocalizer<SharedResource> l, TimeProvider clock) : PageModel
{
    public const int MaxMilestoneRows = Marketplace.Domain.Challenges.Challenge.MaxMilestones;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>Every field of every form on the page; a step reads the ones its form posts.</summary>
    [BindProperty]
    public StepForm Form { get; set; } = new();

    /// <summary>The owner's search for engineers to invite (a GET, so it works without script).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Find { get; set; }

    public ChallengeDetailDto Listing { get; private set; } = null!;

    public ReferenceDataDto Reference { get; private set; } = null!;

    public IReadOnlyList<ApplicationDto> Applications { get; private set; } = [];

    public IReadOnlyList<ScoreCriterionDto> Criteria { get; private set; } = [];

    public IReadOnlyList<ExpertDto> Experts { get; private set; } = [];

    public IReadOnlyList<EngineerPickDto> FoundEngineers { get; private set; } = [];

    /// <summary>推荐工程师: for the company and the center, while the listing is not finished.</summary>
    public Marketplace.Application.Matching.ChallengeMatchesDto? Matches { get; private set; }

    public DateTimeOffset Now { get; private set; }

    private HashSet<ChallengeAction> _allowed = [];

    public bool Can(ChallengeAction action) => _allowed.Contains(action);

    /// <summary>Who the caller is on this listing (the detail names the party in Chinese; the page needs the value).</summary>
    public ChallengeParty Party { get; private set; }

    public bool Is(ChallengeParty party) => Party == party;

    public Guid? UserId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public bool IsStaff => Is(ChallengeParty.Owner) || Is(ChallengeParty.Operator);

    public string ClusterName(string code) => Reference.Clusters.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    public string SkillName(string code) => Reference.Skills.FirstOrDefault(s => s.Code == code)?.Name ?? code;

    public string CityName(string code) => Reference.Regions.FirstOrDefault(r => r.Code == code)?.Name ?? code;

    public string ServiceTypeName(string code) => Reference.ServiceTypes.FirstOrDefault(s => s.Code == code)?.Name ?? code;

    public string ExpertName(Guid userId) => Experts.FirstOrDefault(e => e.UserId == userId)?.DisplayName ?? userId.ToString();

    /// <summary>The milestone rows the form shows: what the user typed, else the plan still open, else one row for the whole amount.</summary>
    public IReadOnlyList<MilestoneRow> MilestoneRows()
    {
        var rows = Form.Milestones.Count > 0
            ? Form.Milestones.ToList()
            : Listing.Milestones.Where(m => m.Status != MilestoneStatus.Accepted)
                .Select(m => new MilestoneRow { Title = m.Title, DueDate = m.DueDate, Amount = m.Amount }).ToList();
        if (rows.Count == 0)
        {
            var accepted = Listing.Milestones.Where(m => m.Status == MilestoneStatus.Accepted).Sum(m => m.Amount);
            rows.Add(new MilestoneRow { DueDate = Display.ChinaToday(Now).AddDays(Listing.ExpectedDurationDays), Amount = Listing.TotalAmount - accepted });
        }

        while (rows.Count < Math.Min(MaxMilestoneRows, Math.Max(Form.MilestoneRows, rows.Count + 1)))
        {
            rows.Add(new MilestoneRow());
        }

        return rows;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    // ---- 企业出题 / 中心审核 / 政府助题 ---------------------------------------------------------------------------

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) =>
        StepAsync(new ReviewChallenge(Id, ReviewStep.Submit, Form.Version), "Challenges.Flash.Submitted", ct);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) =>
        StepAsync(new ReviewChallenge(Id, ReviewStep.Publish, Form.Version), "Challenges.Flash.Published", ct);

    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) =>
        StepAsync(new ReviewChallenge(Id, ReviewStep.RequestChanges, Form.Version, Form.ReturnReason), "Challenges.Flash.Returned", ct);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        StepAsync(new ReviewChallenge(Id, ReviewStep.Withdraw, Form.Version, Form.WithdrawReason), "Challenges.Flash.Withdrawn", ct);

    public Task<IActionResult> OnPostSupportAsync(CancellationToken ct) =>
        StepAsync(new SetSupport(Id, Form.Version, Form.SupportAmount ?? 0, Form.SupportNote ?? ""), "Challenges.Flash.Support", ct);

    public Task<IActionResult> OnPostInviteAsync(CancellationToken ct) =>
        StepAsync(new InviteEngineers(Id, Form.Version, Form.EngineerIds), "Challenges.Flash.Invited", ct);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        StepAsync(new CancelChallenge(Id, Form.Version, Form.CancelReason ?? ""), "Challenges.Flash.Cancelled", ct);

    // ---- 保密协议 / 答疑 -----------------------------------------------------------------------------------------

    public Task<IActionResult> OnPostNdaAsync(CancellationToken ct) => StepAsync(new AcceptNda(Id), "Challenges.Flash.Nda", ct);

    public Task<IActionResult> OnPostAskAsync(CancellationToken ct) => StepAsync(new AskQuestion(Id, Form.Question ?? ""), "Challenges.Flash.Asked", ct);

    public Task<IActionResult> OnPostAnswerAsync(CancellationToken ct) =>
        StepAsync(new AnswerQuestion(Id, Form.QuestionId ?? Guid.Empty, Form.Answer ?? ""), "Challenges.Flash.Answered", ct);

    // ---- 评审与定榜 -----------------------------------------------------------------------------------------------

    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) => StepAsync(new CloseApplications(Id, Form.Version), "Challenges.Flash.Closed", ct);

    public Task<IActionResult> OnPostStartEvaluationAsync(CancellationToken ct) =>
        StepAsync(new StartEvaluation(Id, Form.Version), "Challenges.Flash.EvaluationStarted", ct);

    public Task<IActionResult> OnPostPanelAsync(CancellationToken ct) => StepAsync(new AssignPanel(Id, Form.Version, Form.ExpertIds), "Challenges.Flash.Panel", ct);

    public Task<IActionResult> OnPostScoreAsync(CancellationToken ct) =>
        StepAsync(new ScoreApplication(Id, Form.ApplicationId ?? Guid.Empty,
            Form.Marks.Where(m => m.Value is not null).ToDictionary(m => m.Key, m => m.Value!.Value), Form.ScoreComment), "Challenges.Flash.Scored", ct);

    public Task<IActionResult> OnPostAwardAsync(CancellationToken ct) =>
        StepAsync(new AwardApplication(Id, Form.ApplicationId ?? Guid.Empty, Form.Version), "Challenges.Flash.Awarded", ct);

    public Task<IActionResult> OnPostReopenAsync(CancellationToken ct) =>
        StepAsync(new ReopenChallenge(Id, Form.Version, Form.Deadline is { } d ? Display.FromChinaLocal(d) : default), "Challenges.Flash.Reopened", ct);

    public Task<IActionResult> OnPostAbandonAsync(CancellationToken ct) =>
        StepAsync(new DeclareAbandoned(Id, Form.ApplicationId ?? Guid.Empty, Form.Version), "Challenges.Flash.Abandoned", ct);

    // ---- 攻关与交付 -----------------------------------------------------------------------------------------------

    public Task<IActionResult> OnPostMilestonesAsync(CancellationToken ct)
    {
        var plan = Form.Milestones.Where(r => !r.IsBlank)
            .Select(r => new MilestoneInput(r.Title ?? "", r.DueDate ?? default, r.Amount ?? 0)).ToList();
        return StepAsync(new DefineMilestones(Id, Form.Version, plan), "Challenges.Flash.Milestones", ct);
    }

    /// <summary>One more empty milestone row, keeping what was typed (the form works without script).</summary>
    public async Task<IActionResult> OnPostMilestoneRowsAsync(CancellationToken ct)
    {
        ModelState.Clear();
        Form.MilestoneRows = Math.Min(MaxMilestoneRows, Math.Max(Form.MilestoneRows, Form.Milestones.Count) + 1);
        return await ShowAsync(ct);
    }

    public Task<IActionResult> OnPostStartWorkAsync(CancellationToken ct) => StepAsync(new StartWork(Id), "Challenges.Flash.WorkStarted", ct);

    public Task<IActionResult> OnPostDownSelectAsync(CancellationToken ct) =>
        StepAsync(new DownSelect(Id, Form.Version, Form.ApplicationId ?? Guid.Empty), "Challenges.Flash.DownSelected", ct);

    public Task<IActionResult> OnPostDeliverMilestoneAsync(CancellationToken ct) =>
        StepAsync(new DeliverMilestone(Id, Form.MilestoneId ?? Guid.Empty, Form.MilestoneNote ?? ""), "Challenges.Flash.MilestoneDelivered", ct);

    public Task<IActionResult> OnPostAcceptMilestoneAsync(CancellationToken ct) =>
        StepAsync(new ReviewMilestone(Id, Form.MilestoneId ?? Guid.Empty, true, Form.ReviewComment, Form.Version), "Challenges.Flash.MilestoneAccepted", ct);

    public Task<IActionResult> OnPostReturnMilestoneAsync(CancellationToken ct) =>
        StepAsync(new ReviewMilestone(Id, Form.MilestoneId ?? Guid.Empty, false, Form.ReviewComment, Form.Version), "Challenges.Flash.MilestoneReturned", ct);

    public Task<IActionResult> OnPostDeliverAsync(CancellationToken ct) => StepAsync(new DeliverChallenge(Id, Form.DeliveryNote ?? ""), "Challenges.Flash.Delivered", ct);

    public Task<IActionResult> OnPostRedeliverAsync(CancellationToken ct) => StepAsync(new Redeliver(Id, Form.DeliveryNote ?? ""), "Challenges.Flash.Redelivered", ct);

    // ---- 车间验题 / 市场评价 / 结算 ----------------------------------------------------------------------------------

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        if (Form.Passed is null)
        {
            ModelState.AddModelError("Form.Passed", l["Challenges.Verify.ResultRequired"].Value);
            return await ShowAsync(ct);
        }

        return await StepAsync(new RecordVerification(Id, Form.Version, Form.VerifierName ?? "", Form.Location ?? "", Form.Passed.Value, Form.Report ?? ""),
            Form.Passed.Value ? "Challenges.Flash.VerifiedPassed" : "Challenges.Flash.VerifiedFailed", ct);
    }

    public Task<IActionResult> OnPostEvaluateAsync(CancellationToken ct) =>
        StepAsync(new RecordMarketEvaluation(Id, Form.Rating ?? 0, Form.CostSaved ?? 0, Form.OutputAdded ?? 0, Form.EvaluationNote), "Challenges.Flash.Evaluated", ct);

    public Task<IActionResult> OnPostSettleAsync(CancellationToken ct) => StepAsync(new SettleChallenge(Id, Form.Version), "Challenges.Flash.Settled", ct);

    private Task<IActionResult> StepAsync(ICommand<ChallengeDetailDto> command, string successKey, CancellationToken ct) =>
        SendAsync(async c => await mediator.Send(command, c), successKey, ct);

    private async Task<IActionResult> SendAsync(Func<CancellationToken, Task> send, string successKey, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                await send(ct);
                Flash.Success(TempData, l[successKey].Value);
                return RedirectToPage("/Challenges/Details", new { id = Id });
            }
            catch (Exception refused) when (PageErrors.IsRefusal(refused))
            {
                PageErrors.Add(ModelState, refused, l);
            }
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        try
        {
            Listing = await mediator.Send(new GetChallenge(Id), ct);
        }
        catch (NotFoundException)
        {
            // Absent and invisible look the same: an invite-only listing is not confirmed to exist.
            return NotFound();
        }

        Reference = await mediator.Send(new GetReferenceData(), ct);
        _allowed = Listing.AllowedActions.Select(a => a.Action).ToHashSet();
        Party = Listing.PartyCode;
        if (Is(ChallengeParty.Owner) || Is(ChallengeParty.Operator) || Is(ChallengeParty.Expert) || Listing.MyApplicationId is not null)
        {
            Applications = await mediator.Send(new ListApplications(Id), ct);
        }

        if (Can(ChallengeAction.ScoreApplication))
        {
            Criteria = await mediator.Send(new GetScoreCriteria(), ct);
        }

        if (Can(ChallengeAction.AssignPanel) || Listing.PanelUserIds is { Count: > 0 })
        {
            Experts = await mediator.Send(new ListExperts(), ct);
        }

        if (IsStaff && !Listing.Status.IsFinal())
        {
            Matches = await mediator.Send(new Marketplace.Application.Matching.GetChallengeMatches(Id, 10), ct);
        }

        if (Is(ChallengeParty.Owner) && !Listing.Status.IsFinal() && !string.IsNullOrWhiteSpace(Find))
        {
            try
            {
                FoundEngineers = await mediator.Send(new FindEngineers(Find.Trim()), ct);
            }
            catch (FluentValidation.ValidationException refused)
            {
                PageErrors.Add(ModelState, refused, l);
            }
        }

        return Page();
    }

    public sealed class StepForm
    {
        public uint Version { get; set; }

        public string? ReturnReason { get; set; }

        public string? WithdrawReason { get; set; }

        public string? CancelReason { get; set; }

        public decimal? SupportAmount { get; set; }

        public string? SupportNote { get; set; }

        public List<Guid> EngineerIds { get; set; } = [];

        public List<Guid> ExpertIds { get; set; } = [];

        public string? Question { get; set; }

        public Guid? QuestionId { get; set; }

        public string? Answer { get; set; }

        public Guid? ApplicationId { get; set; }

        public Dictionary<string, int?> Marks { get; set; } = [];

        public string? ScoreComment { get; set; }

        public DateTime? Deadline { get; set; }

        public List<MilestoneRow> Milestones { get; set; } = [];

        public int MilestoneRows { get; set; }

        public Guid? MilestoneId { get; set; }

        public string? MilestoneNote { get; set; }

        public string? ReviewComment { get; set; }

        public string? DeliveryNote { get; set; }

        public string? VerifierName { get; set; }

        public string? Location { get; set; }

        public bool? Passed { get; set; }

        public string? Report { get; set; }

        public int? Rating { get; set; }

        public decimal? CostSaved { get; set; }

        public decimal? OutputAdded { get; set; }

        public string? EvaluationNote { get; set; }
    }

    public sealed class MilestoneRow
    {
        public string? Title { get; set; }

        public DateOnly? DueDate { get; set; }

        public decimal? Amount { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Title) && DueDate is null && Amount is null;
    }
}
