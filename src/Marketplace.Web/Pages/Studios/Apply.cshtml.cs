using System.Globalization;
using Marketplace.Application.Accreditation;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Studios;

/// <summary>
/// 附件1 申报表 drawn from the programme's form definition, saved as a draft or submitted, and the 附件2 materials uploaded
/// one item at a time. Inputs are named by the seed's codes (<c>f|section.field</c>, <c>r|section.table|row|column</c>,
/// <c>m|section.table|row.column</c>) and read straight from the posted form, because the form's shape is data.
/// </summary>
[Authorize(Roles = Roles.Company + "," + Roles.Operator)]
public sealed class ApplyModel(IMediator mediator, StudioProgramme programme, IStringLocalizer<SharedResource> l) : PageModel
{
    public StudioProgramme Programme => programme;

    public StudioDto? Studio { get; private set; }

    public StudioForm Form { get; private set; } = StudioForm.Empty;

    public Guid? HostEngineerId { get; private set; }

    public IReadOnlyList<QualifiedHostDto> Hosts { get; private set; } = [];

    public bool CanEdit => Studio is null || Studio.Status is StudioStatus.Draft or StudioStatus.ReturnedByCity;

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Studio is { } s)
        {
            Form = s.Form;
            HostEngineerId = s.HostEngineerId;
        }

        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(Guid? id, CancellationToken ct) => SaveAsync(id, submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(Guid? id, CancellationToken ct) => SaveAsync(id, submit: true, ct);

    public async Task<IActionResult> OnPostUploadAsync(Guid id, string? purpose, IFormFile? upload, CancellationToken ct)
    {
        try
        {
            if (upload is null || upload.Length == 0)
            {
                Flash.Error(TempData, l["Studios.Apply.NoFile"].Value);
                return RedirectToPage("/Studios/Apply", new { id });
            }

            if (upload.Length > Marketplace.Domain.Engineers.EvidenceFile.MaxBytes)
            {
                Flash.Error(TempData, l["Studios.Apply.FileTooLarge"].Value);
                return RedirectToPage("/Studios/Apply", new { id });
            }

            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, ct);
            var file = await mediator.Send(new UploadStudioFile(id, purpose, upload.FileName, buffer.ToArray()), ct);
            Flash.Success(TempData, l["Studios.Apply.Uploaded", file.FileName].Value);
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            Flash.Error(TempData, refused.Message);
        }

        return RedirectToPage("/Studios/Apply", new { id });
    }

    private async Task<IActionResult> SaveAsync(Guid? id, bool submit, CancellationToken ct)
    {
        Form = ReadForm();
        HostEngineerId = Guid.TryParse(Request.Form["HostEngineerId"], out var host) ? host : null;
        uint? version = uint.TryParse(Request.Form["Version"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        try
        {
            var saved = id is { } existing
                ? await mediator.Send(new UpdateStudio(existing, version, HostEngineerId, Form), ct)
                : await mediator.Send(new StartStudio(HostEngineerId, Form), ct);
            if (submit)
            {
                saved = await mediator.Send(new SubmitStudio(saved.Id, saved.Version), ct);
                Flash.Success(TempData, l["Studios.Apply.Submitted"].Value);
                return RedirectToPage("/Studios/Details", new { id = saved.Id });
            }

            Flash.Success(TempData, l["Studios.Apply.Saved"].Value);
            return RedirectToPage("/Studios/Apply", new { id = saved.Id });
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(Guid? id, CancellationToken ct)
    {
        Studio = id is { } existing ? await mediator.Send(new GetStudio(existing), ct) : null;
        Hosts = await mediator.Send(new ListQualifiedHosts(null), ct);
    }

    private StudioForm ReadForm()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new Dictionary<string, SortedDictionary<int, Dictionary<string, string>>>(StringComparer.Ordinal);
        var matrices = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (name, values) in Request.Form)
        {
            var value = values.ToString();
            var parts = name.Split('|');
            switch (parts[0])
            {
                case "f" when parts.Length == 2 && value.Trim().Length > 0:
                    fields[parts[1]] = value;
                    break;
                case "r" when parts.Length == 4 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var row) && value.Trim().Length > 0:
                    var table = rows.TryGetValue(parts[1], out var t) ? t : rows[parts[1]] = [];
                    (table.TryGetValue(row, out var r) ? r : table[row] = new(StringComparer.Ordinal))[parts[3]] = value;
                    break;
                case "m" when parts.Length == 3:
                    var cells = matrices.TryGetValue(parts[1], out var c) ? c : matrices[parts[1]] = new(StringComparer.Ordinal);

                    // An empty cell is 0 people, as on the paper form; anything else not a count is refused by the rules.
                    cells[parts[2]] = value.Trim().Length == 0 ? 0
                        : int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : -1;
                    break;
            }
        }

        return new StudioForm(fields, rows.ToDictionary(x => x.Key, x => x.Value.Values.ToList(), StringComparer.Ordinal), matrices);
    }
}
