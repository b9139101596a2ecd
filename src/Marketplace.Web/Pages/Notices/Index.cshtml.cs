using Marketplace.Application.Accreditation;
using Marketplace.Application.Common;
using Marketplace.Web.Pages.Accreditation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Notices;

/// <summary>
/// 认定公示, readable by anyone without signing in: the selected applicants, the notice period (5 working days by the
/// holiday calendar), and the objection form. An objector need not sign in but must leave a name and a way to reach them.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> l, ICurrentUser user) : AccreditationPage(mediator, l)
{
    [BindProperty]
    public ObjectionInput Form { get; set; } = new();

    public PublicNoticeDto Notice { get; private set; } = null!;

    public async Task OnGetAsync(Guid roundId, CancellationToken ct) => Notice = await Mediator.Send(new GetPublicNotice(roundId), ct);

    public async Task<IActionResult> OnPostAsync(Guid roundId, CancellationToken ct)
    {
        var lodged = await TryAsync(
            async () => await Mediator.Send(new LodgeObjection(roundId, Form.ApplicationId, Form.ContactName ?? "", Form.Contact ?? "", Form.Content ?? "", user.UserId), ct),
            p => "Form." + PageErrors.InputName(p));
        if (lodged is not null)
        {
            return Done(L["Acc.Flash.Objected"].Value, "/Notices/Index", new { roundId });
        }

        Notice = await Mediator.Send(new GetPublicNotice(roundId), ct);
        return Page();
    }

    public sealed class ObjectionInput
    {
        public Guid ApplicationId { get; set; }

        public string? ContactName { get; set; }

        public string? Contact { get; set; }

        public string? Content { get; set; }
    }
}
