using Marketplace.Application.Dashboard;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Dashboard;

public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public DashboardDto? Data { get; private set; }

    public string Heading { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Data = await mediator.Send(new GetDashboard(), ct);

        // A user with several roles sees the heading of the first in this order.
        var role = new[] { Roles.Company, Roles.Engineer, Roles.Operator, Roles.Expert, Roles.Authority, Roles.Admin }
            .FirstOrDefault(User.IsInRole) ?? Roles.Company;
        Heading = localizer["Dashboard." + role];
    }
}
