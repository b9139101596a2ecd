using Marketplace.Application.Challenges;
using Marketplace.Application.Common;
using Marketplace.Application.Reference;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Challenges;

/// <summary>企业出题: a new listing (/Challenges/Edit) or a draft being revised (/Challenges/Edit/{id}).</summary>
[Authorize(Roles = Roles.Company)]
public sealed class EditModel(IMediator mediator, IStringLocalizer<SharedResource> l, TimeProvider clock) : PageModel
{
    private static readonly HashSet<string> Fields =
    [
        nameof(ListingInput.Title), nameof(ListingInput.Description), nameof(ListingInput.ClusterCode), nameof(ListingInput.SkillCodes),
        nameof(ListingInput.ServiceTypeCode), nameof(ListingInput.Bounty), nameof(ListingInput.ApplicationDeadline),
        nameof(ListingInput.ExpectedDurationDays), nameof(ListingInput.CityCode), nameof(ListingInput.OnSiteRequired),
        nameof(ListingInput.IpArrangement), nameof(ListingInput.Confidentiality), nameof(ListingInput.RaceSlots), nameof(ListingInput.AbandonAfterDays),
    ];

    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public ListingInput Input { get; set; } = new();

    public ReferenceDataDto Reference { get; private set; } = null!;

    public bool IsNew => Id is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            ChallengeDetailDto draft;
            try
            {
                draft = await mediator.Send(new GetChallenge(id), ct);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }

            if (draft.AllowedActions.All(a => a.Action != ChallengeAction.Edit))
            {
                Flash.Error(TempData, l["Challenges.Edit.NotEditable", l.Status(draft.Status)].Value);
                return RedirectToPage("/Challenges/Details", new { id });
            }

            Input = ListingInput.From(draft);
        }
        else
        {
            // A month from now at 18:00 China time: a sensible first deadline the company will usually adjust.
            var deadline = clock.GetUtcNow().ToOffset(Display.ChinaOffset).Date.AddDays(30).AddHours(18);
            Input = new ListingInput { ApplicationDeadline = deadline, ExpectedDurationDays = 90, RaceSlots = 1, AbandonAfterDays = 14 };
        }

        Reference = await mediator.Send(new GetReferenceData(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var listing = new PostChallenge(
                Input.Title ?? "", Input.Description ?? "", Input.ClusterCode ?? "", Input.SkillCodes ?? [], Input.ServiceTypeCode ?? "",
                Input.Bounty ?? 0, Input.ApplicationDeadline is { } local ? Display.FromChinaLocal(local) : default,
                Input.ExpectedDurationDays ?? 0, Input.CityCode ?? "", Input.OnSiteRequired, Input.IpArrangement ?? 0, Input.Confidentiality ?? 0,
                Input.RaceSlots ?? 0, Input.AbandonAfterDays ?? 0);
            try
            {
                var saved = Id is { } id
                    ? await mediator.Send(new EditChallenge(id, Input.Version, listing), ct)
                    : await mediator.Send(listing, ct);
                Flash.Success(TempData, l[IsNew ? "Challenges.Flash.Created" : "Challenges.Flash.Saved"].Value);
                return RedirectToPage("/Challenges/Details", new { id = saved.Id });
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
            catch (Exception refused) when (PageErrors.IsRefusal(refused))
            {
                PageErrors.Add(ModelState, refused, l, FieldFor);
                if (Input.ApplicationDeadline is null && ModelState.Remove("Input." + nameof(ListingInput.ApplicationDeadline)))
                {
                    ModelState.AddModelError("Input." + nameof(ListingInput.ApplicationDeadline), l["Challenges.Edit.DeadlineRequired"].Value);
                }
            }
        }

        Reference = await mediator.Send(new GetReferenceData(), ct);
        return Page();
    }

    /// <summary>"bounty" (post) or "listing.bounty" (edit) → "Input.Bounty"; a name no input carries goes to the summary.</summary>
    private static string FieldFor(string property)
    {
        var name = PageErrors.InputName(property, "listing");
        return Fields.Contains(name) ? "Input." + name : string.Empty;
    }

    public sealed class ListingInput
    {
        // Nullable throughout: the use case's validator decides what is missing and says so in Chinese; a non-nullable
        // property would add the framework's implicit (English) "required" rule.
        public uint? Version { get; set; }

        public string? Title { get; set; }

        public string? Description { get; set; }

        public string? ClusterCode { get; set; }

        public List<string>? SkillCodes { get; set; }

        public string? ServiceTypeCode { get; set; }

        public decimal? Bounty { get; set; }

        /// <summary>China time, as a <c>datetime-local</c> input shows and sends it.</summary>
        public DateTime? ApplicationDeadline { get; set; }

        public int? ExpectedDurationDays { get; set; }

        public string? CityCode { get; set; }

        public bool OnSiteRequired { get; set; }

        public IpArrangement? IpArrangement { get; set; } = Domain.Challenges.IpArrangement.Company;

        public Confidentiality? Confidentiality { get; set; } = Domain.Challenges.Confidentiality.Public;

        public int? RaceSlots { get; set; }

        public int? AbandonAfterDays { get; set; }

        public static ListingInput From(ChallengeDetailDto c) => new()
        {
            Version = c.Version, Title = c.Title, Description = c.Description, ClusterCode = c.ClusterCode, SkillCodes = c.SkillCodes.ToList(),
            ServiceTypeCode = c.ServiceTypeCode, Bounty = c.Bounty, ApplicationDeadline = c.ApplicationDeadline.ToOffset(Display.ChinaOffset).DateTime,
            ExpectedDurationDays = c.ExpectedDurationDays, CityCode = c.CityCode, OnSiteRequired = c.OnSiteRequired, IpArrangement = c.IpArrangement,
            Confidentiality = c.Confidentiality, RaceSlots = c.RaceSlots, AbandonAfterDays = c.AbandonAfterDays,
        };
    }
}
