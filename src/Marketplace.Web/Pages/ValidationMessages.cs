using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Pages;

/// <summary>
/// Data-annotation messages of the page models, read from the shared resources (Resources/SharedResource.{culture}.resx).
/// Attribute arguments must be constants, so an attribute names one of these properties
/// (<c>ErrorMessageResourceType</c>/<c>ErrorMessageResourceName</c>) and the text is looked up in the request's UI culture
/// each time a message is shown or written into a <c>data-val-*</c> attribute.
/// </summary>
public static class ValidationMessages
{
    // Built the way AddLocalization(ResourcesPath = "Resources") builds IStringLocalizer<SharedResource>, so a key
    // resolves (and a missing one falls back to its name) exactly as @L["…"] does in the views.
    private static readonly IStringLocalizer Shared =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)
            .Create(typeof(SharedResource));

    public static string LoginEmailRequired => Shared["Login.EmailRequired"];

    public static string LoginEmailInvalid => Shared["Login.EmailInvalid"];

    public static string LoginPasswordRequired => Shared["Login.PasswordRequired"];

    /// <summary>
    /// The model binder's own messages (a number field holding "abc", a missing value) in the request's culture
    /// instead of the framework's English. They do not name the field: they are shown next to it.
    /// </summary>
    public static void Localize(DefaultModelBindingMessageProvider messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => Shared["Binding.ValueInvalid", value]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => Shared["Binding.ValueInvalid", value]);
        messages.SetValueIsInvalidAccessor(value => Shared["Binding.ValueInvalid", value]);
        messages.SetUnknownValueIsInvalidAccessor(_ => Shared["Binding.Invalid"]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => Shared["Binding.Invalid"]);
        messages.SetValueMustBeANumberAccessor(_ => Shared["Binding.Number"]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => Shared["Binding.Number"]);
        messages.SetValueMustNotBeNullAccessor(_ => Shared["Binding.Required"]);
        messages.SetMissingBindRequiredValueAccessor(_ => Shared["Binding.Required"]);
        messages.SetMissingKeyOrValueAccessor(() => Shared["Binding.Required"]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => Shared["Binding.Required"]);
    }
}
