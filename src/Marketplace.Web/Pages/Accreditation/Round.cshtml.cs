using Marketplace.Application.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Accreditation;

/// <summary>One round for an authority: its submitted applications (a city bureau sees its region's) and its audit trail.</summary>
[Authorize(Roles = Roles.Authority)]
public sealed class RoundModel(IMediator mediator, IStringLocalizer<SharedResource> l) : AccreditationPage(mediator, l)
{
    public RoundDto Round { get; private set; } = null!;

    public IReadOnlyList<CenterApplicationSummaryDto> Applications { get; private set; } = [];

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadCallerAsync(ct);
        Round = await Mediator.Send(new GetRound(id), ct);
        Applications = await Mediator.Send(new ListRoundApplications(id), ct);
    }
}
