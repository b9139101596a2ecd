using Marketplace.Application.Accreditation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Studios;

/// <summary>
/// 带培工作室 as the account sees them: the enterprise its own, the city bureau its review queue (人社 and 财政 sign-offs),
/// the province every submitted studio with its stage, an expert the studios assigned to them.
/// </summary>
[Authorize]
public sealed class IndexModel(IMediator mediator, AccreditationAccess access) : PageModel
{
    public IReadOnlyList<StudioSummaryDto> Studios { get; private set; } = [];

    public AccreditationCaller Caller { get; private set; } = null!;

    public bool IsEnterprise { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Caller = await access.CallerAsync(ct);
        IsEnterprise = !Caller.IsAuthority && !Caller.IsExpert && Caller.OrganizationId is not null;
        Studios = await mediator.Send(new ListStudios(), ct);
    }
}
