using Marketplace.Application.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Accreditation;

/// <summary>我的申报: the applicant organization's applications in every round.</summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Company)]
public sealed class MineModel(IMediator mediator, IStringLocalizer<SharedResource> l) : AccreditationPage(mediator, l)
{
    public IReadOnlyList<CenterApplicationSummaryDto> Applications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadCallerAsync(ct);
        Applications = await Mediator.Send(new ListMyApplications(), ct);
    }
}
