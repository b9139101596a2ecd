using Marketplace.Application.Accreditation;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.ViewComponents;

/// <summary>
/// 2030 目标进度 of the studio programme (seed 000): recognized studios against ≈25, and the trainee targets counted
/// from the studio programme's training records. On the authority dashboard and the studio list.
/// </summary>
public sealed class StudioProgressViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View(await mediator.Send(new GetStudioProgress(), HttpContext.RequestAborted));
}
