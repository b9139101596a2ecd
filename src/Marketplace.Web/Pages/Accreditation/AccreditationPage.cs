using Marketplace.Application.Accreditation;
using Marketplace.Application.Common;
using Marketplace.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Accreditation;

/// <summary>
/// What every accreditation page does with a step: send it, and on success leave a message and redirect (post/redirect/get);
/// on a refusal the user caused (validation, domain rule, stale copy) show its message on the re-rendered page, where
/// nothing has changed.
/// </summary>
public abstract class AccreditationPage(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    protected IMediator Mediator => mediator;

    protected IStringLocalizer<SharedResource> L => l;

    public AccreditationCaller Caller { get; private set; } = null!;

    protected async Task LoadCallerAsync(CancellationToken ct) => Caller = await mediator.Send(new GetAccreditationCaller(), ct);

    /// <summary>Runs <paramref name="step"/>; its result names the success message. Null when refused (the errors are in the model state).</summary>
    protected async Task<T?> TryAsync<T>(Func<Task<T>> step, Func<string, string?>? field = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!ModelState.IsValid)
        {
            return null;
        }

        try
        {
            return await step();
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l, field);
            return null;
        }
    }

    /// <summary>
    /// A page read the caller may not make: what they may not see is a 404 (as in the API), a step of another party a 403.
    /// Refused steps on forms are caught where they are sent; this covers the reads that build a page.
    /// </summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        switch (executed.Exception)
        {
            case NotFoundException:
                executed.Result = NotFound();
                executed.ExceptionHandled = true;
                break;
            case ForbiddenException or DomainForbiddenException:
                executed.Result = Forbid();
                executed.ExceptionHandled = true;
                break;
        }
    }

    protected IActionResult Done(string message, string page, object? routeValues = null)
    {
        Flash.Success(TempData, message);
        return RedirectToPage(page, routeValues);
    }
}
