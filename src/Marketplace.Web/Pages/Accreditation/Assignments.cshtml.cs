using Marketplace.Application.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Accreditation;

/// <summary>我的评审任务: the applications the expert is assigned to, and whether their own sheet is in.</summary>
[Authorize(Roles = Roles.Expert)]
public sealed class AssignmentsModel(IMediator mediator, IStringLocalizer<SharedResource> l) : AccreditationPage(mediator, l)
{
    public IReadOnlyList<AssignmentDto> Assignments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadCallerAsync(ct);
        Assignments = await Mediator.Send(new ListMyAssignments(), ct);
    }
}
