using Marketplace.Application.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Accreditation;

/// <summary>
/// 主管部门看板 of the recognized centers: by stage (table and chart), due-soon and overdue items, flagged for revocation,
/// recent decisions. Each part is its own section so more (e.g. studio and training progress) can be appended below.
/// </summary>
[Authorize(Roles = Roles.Authority)]
public sealed class DashboardModel(IMediator mediator, CenterLifecycleOptions options) : PageModel
{
    public LifecycleDashboardDto Data { get; private set; } = null!;

    public int DueSoonDays => options.DueSoonDays;

    public async Task OnGetAsync(CancellationToken ct) => Data = await mediator.Send(new GetLifecycleDashboard(), ct);
}
