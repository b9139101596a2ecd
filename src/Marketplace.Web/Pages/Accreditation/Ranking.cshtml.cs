using Marketplace.Application.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Accreditation;

/// <summary>
/// 评审排名 for the province: rank, applicant, each 一级指标's mean, bonus, total, 不合格 for a veto, experts scored x/y;
/// then 遴选 (select among the ranked) and 发布公示 (the end date comes from the holiday calendar).
/// </summary>
[Authorize(Roles = Roles.Authority)]
public sealed class RankingModel(IMediator mediator, IStringLocalizer<SharedResource> l, TimeProvider clock) : AccreditationPage(mediator, l)
{
    [BindProperty]
    public SelectionInput Form { get; set; } = new();

    public RankingTableDto Table { get; private set; } = null!;

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Form.StartDate = Display.ChinaToday(clock.GetUtcNow());
    }

    public async Task<IActionResult> OnPostSelectAsync(Guid id, CancellationToken ct)
    {
        var done = await TryAsync(async () => await Mediator.Send(new SelectCenters(id, Form.ApplicationIds, Form.Reason, Form.Version), ct),
            p => "Form." + PageErrors.InputName(p));
        return done is not null ? Done(L["Acc.Flash.Selected", Form.ApplicationIds.Count].Value, "/Accreditation/Ranking", new { id }) : await RedisplayAsync(id, ct);
    }

    public async Task<IActionResult> OnPostNoticeAsync(Guid id, CancellationToken ct)
    {
        var done = await TryAsync(async () => await Mediator.Send(new PublishNotice(id, Form.StartDate ?? default, Form.Version), ct),
            p => "Form." + PageErrors.InputName(p));
        return done is not null
            ? Done(L["Acc.Flash.Noticed", Display.Date(done.NoticeStart!.Value), Display.Date(done.NoticeEnd!.Value)].Value, "/Accreditation/Ranking", new { id })
            : await RedisplayAsync(id, ct);
    }

    private async Task<IActionResult> RedisplayAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        await LoadCallerAsync(ct);
        Table = await Mediator.Send(new GetRankingTable(id), ct);
    }

    public sealed class SelectionInput
    {
        public uint Version { get; set; }

        public List<Guid> ApplicationIds { get; set; } = [];

        public string? Reason { get; set; }

        public DateOnly? StartDate { get; set; }
    }
}
