using Marketplace.Application.Accreditation;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Accreditation;

/// <summary>
/// The authority's work: a city bureau sees the submitted applications of its region waiting for its recommendation; the
/// province sees those recommended (to accept), accepted (to assign experts), with the experts, and under notice.
/// </summary>
[Authorize(Roles = Roles.Authority)]
public sealed class QueueModel(IMediator mediator, IStringLocalizer<SharedResource> l) : AccreditationPage(mediator, l)
{
    private static readonly CenterApplicationStatus[] CityWork = [CenterApplicationStatus.Submitted];

    private static readonly CenterApplicationStatus[] ProvinceWork =
    [
        CenterApplicationStatus.CityRecommended, CenterApplicationStatus.ProvinceAccepted, CenterApplicationStatus.ExpertReview,
        CenterApplicationStatus.UnderNotice, CenterApplicationStatus.Objected,
    ];

    public IReadOnlyList<(RoundDto Round, IReadOnlyList<CenterApplicationSummaryDto> Applications)> Work { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadCallerAsync(ct);
        var statuses = Caller.IsProvince ? ProvinceWork : Caller.IsCity ? CityWork : [];
        var work = new List<(RoundDto, IReadOnlyList<CenterApplicationSummaryDto>)>();
        if (statuses.Length > 0)
        {
            foreach (var round in (await Mediator.Send(new ListRounds(), ct)).Where(r => r.Status != RoundStatus.Concluded))
            {
                var applications = (await Mediator.Send(new ListRoundApplications(round.Id), ct)).Where(a => statuses.Contains(a.Status)).ToList();
                if (applications.Count > 0)
                {
                    work.Add((round, applications));
                }
            }
        }

        Work = work;
    }
}
