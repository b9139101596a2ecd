using Marketplace.Application.Accreditation;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Accreditation;

/// <summary>
/// 专家评分表: every secondary indicator with its bounds and a comment, bonus claims with evidence (cap shown), a veto
/// with its reason, and a running total (wwwroot/js/accreditation.js; the server's totals are shown after each save).
/// Submitting freezes the sheet: the page then shows it read-only.
/// </summary>
[Authorize(Roles = Roles.Expert)]
public sealed class SheetModel(IMediator mediator, IStringLocalizer<SharedResource> l) : AccreditationPage(mediator, l)
{
    /// <summary>Blank bonus rows offered beyond the claims already made.</summary>
    public const int SpareBonusRows = 3;

    [BindProperty]
    public SheetInput Input { get; set; } = new();

    public CenterApplicationDto Application { get; private set; } = null!;

    public SheetDto Sheet { get; private set; } = null!;

    public Rubric Rubric { get; private set; } = null!;

    public bool ReadOnly => Sheet.SubmittedAt is not null;

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Input = SheetInput.From(Sheet, Rubric);
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct)
    {
        var saved = await SaveAsync(id, ct);
        return saved is not null ? Done(L["Acc.Flash.SheetSaved", saved.Totals.Total.ToString("0.00")].Value, "/Accreditation/Sheet", new { id }) : await RedisplayAsync(id, ct);
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct)
    {
        var saved = await SaveAsync(id, ct);
        if (saved is not null)
        {
            var submitted = await TryAsync(async () => await Mediator.Send(new SubmitSheet(id), ct));
            if (submitted is not null)
            {
                return Done(L["Acc.Flash.SheetSubmitted", submitted.Totals.Total.ToString("0.00")].Value, "/Accreditation/Sheet", new { id });
            }
        }

        return await RedisplayAsync(id, ct);
    }

    private async Task<SheetDto?> SaveAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var saved = await TryAsync(async () => await Mediator.Send(Input.Command(id, Rubric), ct));
        if (saved is null)
        {
            MarkFields();
        }

        return saved;
    }

    /// <summary>The domain's message names the indicator; the form also marks the rows that break a bound or lack a comment.</summary>
    private void MarkFields()
    {
        for (var i = 0; i < Input.Marks.Count; i++)
        {
            var row = Input.Marks[i];
            var indicator = Rubric.Secondaries.FirstOrDefault(s => s.Code == row.Code);
            if (indicator is null || row.Points is not { } points)
            {
                continue;
            }

            if (points < 0 || points > indicator.MaxPoints)
            {
                ModelState.AddModelError($"Input.Marks[{i}].Points", L["Acc.Sheet.OutOfRange", indicator.MaxPoints.ToString("0.##")].Value);
            }

            if (string.IsNullOrWhiteSpace(row.Comment))
            {
                ModelState.AddModelError($"Input.Marks[{i}].Comment", L["Acc.Sheet.CommentRequired"].Value);
            }
        }
    }

    private async Task<IActionResult> RedisplayAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (ReadOnly)
        {
            Input = SheetInput.From(Sheet, Rubric);
        }

        return Page();
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        await LoadCallerAsync(ct);
        Application = await Mediator.Send(new GetApplication(id), ct);
        Sheet = await Mediator.Send(new GetMySheet(id), ct);
        Rubric = (await Mediator.Send(new GetAccreditationForms(Sheet.RubricVersion), ct)).Rubric;
    }

    public sealed class SheetInput
    {
        public List<MarkRow> Marks { get; set; } = [];

        public List<BonusRow> Bonus { get; set; } = [];

        public string? VetoCode { get; set; }

        public string? VetoReason { get; set; }

        public static SheetInput From(SheetDto sheet, Rubric rubric)
        {
            ArgumentNullException.ThrowIfNull(sheet);
            ArgumentNullException.ThrowIfNull(rubric);
            return new SheetInput
            {
                Marks = [.. rubric.Secondaries.Select(s => sheet.Marks.FirstOrDefault(m => m.IndicatorCode == s.Code) is { } m
                    ? new MarkRow { Code = s.Code, Points = m.Points, Comment = m.Comment }
                    : new MarkRow { Code = s.Code })],
                Bonus = [.. sheet.BonusClaims.Select(c => new BonusRow
                    {
                        Item = c.LevelCode is { } level ? $"{c.ItemCode}|{level}" : c.ItemCode, Points = c.Points, Evidence = string.Join('\n', c.Evidence), Note = c.Note,
                    }),
                    .. Enumerable.Range(0, SpareBonusRows).Select(_ => new BonusRow())],
                VetoCode = sheet.VetoCode,
                VetoReason = sheet.VetoReason,
            };
        }

        /// <summary>Marks left blank stay unmarked (a draft); bonus rows without an item are ignored; no veto code withdraws the veto.</summary>
        public SaveSheet Command(Guid applicationId, Rubric rubric)
        {
            ArgumentNullException.ThrowIfNull(rubric);
            var claims = Bonus.Where(b => !string.IsNullOrWhiteSpace(b.Item)).Select(b =>
            {
                var parts = b.Item!.Split('|', 2);
                var item = rubric.BonusItems.FirstOrDefault(x => x.Code == parts[0]);
                // Per-item levels score fixed points: the level decides, whatever the points box says.
                var points = item?.Scoring == BonusScoring.PerItem ? null : b.Points;
                return new BonusClaimInput(parts[0], parts.Length > 1 ? parts[1] : null, points,
                    [.. (b.Evidence ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], b.Note);
            }).ToList();
            return new SaveSheet(
                applicationId,
                [.. Marks.Where(m => m.Points is not null).Select(m => new MarkInput(m.Code ?? "", m.Points!.Value, m.Comment ?? ""))],
                claims,
                string.IsNullOrWhiteSpace(VetoCode) ? null : new VetoInput(VetoCode, VetoReason ?? ""));
        }
    }

    public sealed class MarkRow
    {
        public string? Code { get; set; }

        public decimal? Points { get; set; }

        public string? Comment { get; set; }
    }

    public sealed class BonusRow
    {
        /// <summary>The item code, with the level after a bar for per-item bonuses (B2|national).</summary>
        public string? Item { get; set; }

        public decimal? Points { get; set; }

        public string? Evidence { get; set; }

        public string? Note { get; set; }
    }
}
