using System.ComponentModel.DataAnnotations;
using Marketplace.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, IWebHostEnvironment environment) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    /// <summary>The demo accounts are a convenience of development and demo installs, never of production.</summary>
    public bool ShowDemoAccounts => !environment.IsProduction();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // One message for every failure (unknown account, wrong password, locked out): it must not reveal which.
        var user = await users.FindByEmailAsync(Input.Email);
        if (user is not null)
        {
            var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/Dashboard");
            }
        }

        Failed = true;
        return Page();
    }

    public sealed class LoginInput
    {
        [Required(ErrorMessageResourceType = typeof(ValidationMessages), ErrorMessageResourceName = nameof(ValidationMessages.LoginEmailRequired))]
        [EmailAddress(ErrorMessageResourceType = typeof(ValidationMessages), ErrorMessageResourceName = nameof(ValidationMessages.LoginEmailInvalid))]
        [MaxLength(256)]
        public string Email { get; set; } = "";

        [Required(ErrorMessageResourceType = typeof(ValidationMessages), ErrorMessageResourceName = nameof(ValidationMessages.LoginPasswordRequired))]
        [MaxLength(128)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }
}
