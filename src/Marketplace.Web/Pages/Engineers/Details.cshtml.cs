using Marketplace.Application.Engineers;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Engineers;

public sealed class DetailsModel(IMediator mediator) : PageModel
{
    public EngineerDetailDto? Engineer { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) => Engineer = await mediator.Send(new GetEngineer(id), ct);
}
