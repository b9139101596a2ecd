using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages;

/// <summary>
/// The page-side twin of ProblemHandling: a refusal the user caused (validation, a domain rule, a stale copy, a
/// missing or forbidden thing) becomes a message on the re-rendered form instead of an error page. Anything else is
/// a fault and goes to the exception handler as before.
/// </summary>
public static class PageErrors
{
    public static bool IsRefusal(Exception error) =>
        error is ValidationException or DomainException or NotFoundException or ForbiddenException or StaleVersionException or DbUpdateConcurrencyException;

    /// <summary>
    /// Adds the refusal's messages to the model state. Validation failures go to the input the <paramref name="field"/>
    /// map names for their property (the use case's camelCase name, e.g. <c>bounty</c> or <c>listing.bounty</c>), or to
    /// the page's summary when it names none.
    /// </summary>
    public static void Add(ModelStateDictionary modelState, Exception error, IStringLocalizer l, Func<string, string?>? field = null)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        switch (error)
        {
            case ValidationException validation:
                foreach (var failure in validation.Errors)
                {
                    modelState.AddModelError(field?.Invoke(failure.PropertyName ?? "") ?? string.Empty, failure.ErrorMessage);
                }

                break;
            case DbUpdateConcurrencyException:
                modelState.AddModelError(string.Empty, l["Error.Stale"].Value);
                break;
            default:
                // Domain, not-found, forbidden and stale-version refusals carry a Chinese sentence meant for the user.
                modelState.AddModelError(string.Empty, error.Message);
                break;
        }
    }

    /// <summary>"listing.skillCodes[0]" → "SkillCodes": the input property a use case's field name refers to.</summary>
    public static string InputName(string property, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(property);
        var name = prefix is not null && property.StartsWith(prefix + ".", StringComparison.Ordinal) ? property[(prefix.Length + 1)..] : property;
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            name = name[..bracket];
        }

        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
    }
}

/// <summary>The one-line messages a page leaves for the page it redirects to (post/redirect/get).</summary>
public static class Flash
{
    public const string Key = "flash";

    public const string ErrorKey = "flash-error";

    public static void Success(ITempDataDictionary tempData, string message)
    {
        ArgumentNullException.ThrowIfNull(tempData);
        tempData[Key] = message;
    }

    public static void Error(ITempDataDictionary tempData, string message)
    {
        ArgumentNullException.ThrowIfNull(tempData);
        tempData[ErrorKey] = message;
    }
}
