using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Application.Engineers;
using Marketplace.Application.Reference;
using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Engineers;

[Authorize(Roles = Roles.Engineer)]
public sealed class MeModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public EngineerDetailDto? Profile { get; private set; }

    public ReferenceDataDto? Reference { get; private set; }

    [TempData]
    public bool Saved { get; set; }

    /// <summary>The add-credential form; bound only by its own handler so the profile form's rules never apply to it.</summary>
    public CredentialInput Credential { get; set; } = new();

    /// <summary>Why adding or removing a credential was refused, shown in the credentials section (not the profile form's summary).</summary>
    public List<string> CredentialErrors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input = ProfileInput.From(Profile!);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var command = new UpdateMyProfile(
            Input.Version, Input.Name, Input.BirthYear, Input.Phone, Input.Email, Input.Title, Input.EmployerName,
            Input.EmployerType, Input.CityCode, Input.YearsOfPractice,
            Input.Modes.Aggregate(ServiceModes.None, (all, m) => all | m), Input.HoursPerMonth,
            Input.AvailableFrom, Input.AvailableUntil, Input.HourlyRate, Input.Bio, Input.Clusters,
            Input.SkillLevels.Where(kv => kv.Value > 0).Select(kv => new SkillLevelInput(kv.Key, kv.Value)).ToList());
        try
        {
            await mediator.Send(command, ct);
            Saved = true;
            return RedirectToPage();
        }
        catch (ValidationException validation)
        {
            foreach (var error in validation.Errors)
            {
                ModelState.AddModelError("Input." + Pascal(error.PropertyName), error.ErrorMessage);
            }
        }
        catch (DomainException rule)
        {
            ModelState.AddModelError(string.Empty, rule.Message);
        }
        catch (StaleVersionException stale)
        {
            ModelState.AddModelError(string.Empty, stale.Message);
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddCredentialAsync([FromForm(Name = "Credential")] CredentialInput credential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credential);

        // The page's [BindProperty] profile input is bound (empty) on every post; its errors are not this form's.
        ModelState.Clear();
        Credential = credential;
        try
        {
            byte[]? content = null;
            if (credential.Evidence is { Length: > 0 } file)
            {
                if (file.Length > EvidenceFile.MaxBytes)
                {
                    throw new DomainException("证明文件过大", $"证明文件不能超过 {EvidenceFile.MaxBytes / 1024 / 1024} MB。", "evidence_too_large");
                }

                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }

            await mediator.Send(new AddCredential(credential.Kind, credential.Name ?? "", credential.IssuingBody ?? "", credential.CertificateNumber ?? "",
                credential.IssuedOn ?? default, credential.ExpiresOn, credential.Evidence?.FileName, content), ct);
            Flash.Success(TempData, l["Credentials.Flash.Added"].Value);
            return Redirect(Url.Page("/Engineers/Me") + "#credentials");
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            AddCredentialErrors(refused);
        }

        await LoadAsync(ct);
        Input = ProfileInput.From(Profile!);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteCredentialAsync(Guid credentialId, CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            await mediator.Send(new RemoveMyCredential(credentialId), ct);
            Flash.Success(TempData, l["Credentials.Flash.Removed"].Value);
            return Redirect(Url.Page("/Engineers/Me") + "#credentials");
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            AddCredentialErrors(refused);
        }

        await LoadAsync(ct);
        Input = ProfileInput.From(Profile!);
        return Page();
    }

    private void AddCredentialErrors(Exception refused)
    {
        if (refused is ValidationException validation)
        {
            CredentialErrors.AddRange(validation.Errors.Select(e => e.ErrorMessage).Distinct());
        }
        else
        {
            CredentialErrors.Add(refused.Message);
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Reference = await mediator.Send(new GetReferenceData(), ct);
        Profile = await mediator.Send(new GetMyEngineerProfile(), ct);
    }

    private static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    public sealed class CredentialInput
    {
        public CredentialKind Kind { get; set; } = CredentialKind.ProfessionalTitle;
        public string? Name { get; set; }
        public string? IssuingBody { get; set; }
        public string? CertificateNumber { get; set; }
        public DateOnly? IssuedOn { get; set; }
        public DateOnly? ExpiresOn { get; set; }
        public IFormFile? Evidence { get; set; }
    }

    public sealed class ProfileInput
    {
        public uint Version { get; set; }
        public string Name { get; set; } = "";
        public int? BirthYear { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public ProfessionalTitle Title { get; set; }
        public string EmployerName { get; set; } = "";
        public EmployerType EmployerType { get; set; }
        public string CityCode { get; set; } = "";
        public int YearsOfPractice { get; set; }
        public int HoursPerMonth { get; set; }
        public DateOnly? AvailableFrom { get; set; }
        public DateOnly? AvailableUntil { get; set; }
        public decimal? HourlyRate { get; set; }
        public string? Bio { get; set; }
        public List<ServiceModes> Modes { get; set; } = [];
        public List<string> Clusters { get; set; } = [];
        public Dictionary<string, int> SkillLevels { get; set; } = [];

        public static ProfileInput From(EngineerDetailDto p) => new()
        {
            Version = p.Version, Name = p.Name, BirthYear = p.BirthYear, Phone = p.Phone, Email = p.Email, Title = p.Title,
            EmployerName = p.EmployerName, EmployerType = p.EmployerType, CityCode = p.CityCode, YearsOfPractice = p.YearsOfPractice,
            HoursPerMonth = p.HoursPerMonth, AvailableFrom = p.AvailableFrom, AvailableUntil = p.AvailableUntil, HourlyRate = p.HourlyRate,
            Bio = p.Bio,
            Modes = Enum.GetValues<ServiceModes>().Where(m => m != ServiceModes.None && p.ServiceModes.HasFlag(m)).ToList(),
            Clusters = p.ClusterCodes.ToList(),
            SkillLevels = p.Skills.ToDictionary(s => s.Code, s => s.Level),
        };
    }
}
