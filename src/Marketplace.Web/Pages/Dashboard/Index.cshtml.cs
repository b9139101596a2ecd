using Marketplace.Application.Dashboard;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Dashboard;

public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> localizer, Marketplace.Application.Challenges.ChallengeAccess access) : PageModel
{
    public DashboardDto? Data { get; private set; }

    public string Heading { get; private set; } = "";

    /// <summary>为你推荐: for an engineer with a profile, the open needs the matching model ranks first for them.</summary>
    public Marketplace.Application.Matching.RecommendedChallengesDto? Recommended { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Data = await mediator.Send(new GetDashboard(), ct);

        // A user with several roles sees the heading of the first in this order.
        var role = new[] { Roles.Company, Roles.Engineer, Roles.Operator, Roles.Expert, Roles.Authority, Roles.Admin }
            .FirstOrDefault(User.IsInRole) ?? Roles.Company;
        Heading = localizer["Dashboard." + role];
        if (User.IsInRole(Roles.Engineer) && await access.EngineerIdAsync(ct) is { } engineerId)
        {
            Recommended = await mediator.Send(new Marketplace.Application.Matching.GetRecommendedChallenges(engineerId, 5), ct);
        }
    }
}
