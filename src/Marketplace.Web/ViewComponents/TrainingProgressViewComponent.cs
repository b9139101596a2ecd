using Marketplace.Application.Common;
using Marketplace.Application.Training;
using Marketplace.Domain.Training;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.ViewComponents;

/// <summary>
/// 全省培训进度: the three 2030 figures of seed 000 (高级职称人数, 工程师和助理工程师人数, 知识更新人次) counted from the
/// training records, as CSS progress bars and a table by title level. Meant for the authority dashboard; renders
/// nothing for an account that may not read the records, so it can be placed on a page every role sees.
/// </summary>
public sealed class TrainingProgressViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(TrainingProgramme? programme = null)
    {
        try
        {
            return View(await mediator.Send(new ProvinceTrainingTally(programme), HttpContext.RequestAborted));
        }
        catch (NotFoundException)
        {
            return Content(string.Empty);
        }
    }
}
