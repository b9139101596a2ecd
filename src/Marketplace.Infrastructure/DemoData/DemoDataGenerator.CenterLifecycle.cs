using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Organizations;
using Marketplace.Infrastructure.ReferenceData;

namespace Marketplace.Infrastructure.DemoData;

public sealed partial class DemoDataGenerator
{
    /// <summary>What happens to each demo center after recognition.</summary>
    private enum DemoCenterFate
    {
        Cultivating,
        Operating,
        OperatingReportAwaitingReceipt,
        Rectifying,
        MissingTwoReports,
        Revoked,
    }

    /// <summary>
    /// Two past rounds, told through the domain from application to recognition, then on through the centers' lives:
    /// the later round's center (operator@demo.cn's) is in its cultivation year with the evaluation coming due and a
    /// year's report to file; the earlier round's centers are running, rectifying, flagged for two missing reports, or
    /// revoked with a reason. Dates are placed relative to today, so the states hold whenever the demo is seeded.
    /// </summary>
    private async Task SaveCenterLifecycleAsync(DemoModel model, DemoDataOptions options, CancellationToken ct)
    {
        var rng = new Random(options.Seed ^ 0x11FE);
        var accreditation = AccreditationDataLoader.ReadFiles();
        var rubric = accreditation.Rubrics.Current;
        var checklist = accreditation.CenterConditions;
        var today = DateOnly.FromDateTime(model.Now.ToOffset(TimeSpan.FromHours(8)).DateTime);

        // The later round recognized on 18 December of last year (two years back before March, so that year's report
        // has come due): its center's cultivation ends within weeks; the earlier round a year before that.
        var laterYear = today.Month >= 3 ? today.Year - 1 : today.Year - 2;
        var province = new AccreditationActor(UserOf(model, "authority@demo.cn"), AccreditationParty.Province);
        var city = new AccreditationActor(UserOf(model, "city@demo.cn"), AccreditationParty.CityBureau);
        var expertId = UserOf(model, "expert@demo.cn")!.Value;
        var expertOrg = model.Users.First(u => u.Email == "expert@demo.cn").OrganizationId;

        var centerOrgs = model.Organizations.Where(o => o.Kind == OrganizationKind.Center).ToList();
        var universities = model.Organizations.Where(o => o.Kind == OrganizationKind.University && o.Id != expertOrg).Take(2).ToList();
        var operatorOrg = model.Users.First(u => u.Email == "operator@demo.cn").OrganizationId;
        var earlierOrgs = centerOrgs.Where(o => o.Id != operatorOrg).Concat(universities).Take(5).ToList();
        DemoCenterFate[] fates = [DemoCenterFate.Operating, DemoCenterFate.Rectifying, DemoCenterFate.MissingTwoReports, DemoCenterFate.Revoked, DemoCenterFate.OperatingReportAwaitingReceipt];

        var earlier = Recognize(laterYear - 1, 60, earlierOrgs);
        var later = Recognize(laterYear, 75, centerOrgs.Where(o => o.Id == operatorOrg).ToList());

        var centers = new List<AccreditedCenter>();
        foreach (var (center, fate) in earlier.Centers.Zip(fates).Select(x => (x.First, x.Second)).Concat(later.Centers.Select(c => (c, DemoCenterFate.Cultivating))))
        {
            Live(center, fate);
            centers.Add(center);
        }

        db.AccreditationRounds.AddRange(earlier.Round, later.Round);
        db.CenterApplications.AddRange(earlier.Applications.Concat(later.Applications));
        db.ScoreSheets.AddRange(earlier.Sheets.Concat(later.Sheets));
        db.AccreditedCenters.AddRange(centers);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        (AccreditationRound Round, List<CenterApplication> Applications, List<ExpertScoreSheet> Sheets, List<AccreditedCenter> Centers) Recognize(
            int year, int number, IReadOnlyList<Organization> applicants)
        {
            var opens = At(new DateOnly(year, 6, 2), 9);
            var closes = At(new DateOnly(year, 8, 29), 17);
            var round = AccreditationRound.Open(Id(rng), province, $"{year}年度先进制造业工程师协同创新中心认定", "430000", opens, closes, rubric, checklist, TrimOptions.Default, opens);
            var applications = new List<CenterApplication>();
            var sheets = new List<ExpertScoreSheet>();
            foreach (var org in applicants)
            {
                var applicant = new AccreditationActor(model.Users.FirstOrDefault(u => u.OrganizationId == org.Id)?.Id, AccreditationParty.Applicant);
                var drafted = At(new DateOnly(year, 7, 1 + rng.Next(20)), 10);
                var a = CenterApplication.Start(Id(rng), round, org.Id, org.RegionCode, applicant, drafted);
                a.UpdateDraft(applicant, checklist, rubric,
                    [.. checklist.Conditions.Select(c => new ConditionStatement(c.Code, true, $"{c.Name}：已具备，详见佐证材料。", [$"{org.Name}-{c.Code}.pdf"]))],
                    $"{org.Name}围绕主攻产业方向，集聚专兼职工程师，建设共性技术平台，面向集群中小企业提供人才共享、培养培训与协同攻关服务。",
                    [.. rubric.Secondaries.Select(s => new SelfAssessmentMark(s.Code, s.MaxPoints, null))], drafted);
                a.Submit(applicant, round, checklist, rubric, drafted.AddHours(2));
                a.RecommendByCity(city, "材料齐全，同意推荐。", At(new DateOnly(year, 8, 25), 15));
                applications.Add(a);
            }

            var reviewing = At(new DateOnly(year, 9, 15), 10);
            round.BeginReview(province, reviewing);
            foreach (var a in applications)
            {
                a.AcceptByProvince(province, "形式审查通过。", reviewing);
                a.AssignExperts(province, [(expertId, expertOrg is { } e ? [e] : [])], reviewing);
                var sheet = ExpertScoreSheet.Start(Id(rng), rubric, a.Id, expertId, reviewing.AddDays(5));
                foreach (var s in rubric.Secondaries)
                {
                    sheet.Mark(rubric, s.Code, Math.Max(0, s.MaxPoints - rng.Next(3)), $"{s.Name}：材料翔实。", reviewing.AddDays(5));
                }

                sheet.Submit(rubric, reviewing.AddDays(6));
                var expert = new AccreditationActor(expertId, AccreditationParty.Expert);
                a.RecordSheetSubmitted(expert, sheet, rubric, reviewing.AddDays(6));
                a.RecordScore(RubricAggregation.Aggregate(rubric, [sheet], round.Trim), reviewing.AddDays(6));
                sheets.Add(sheet);
            }

            var selected = At(new DateOnly(year, 11, 20), 10);
            foreach (var a in applications)
            {
                a.Select(province, "综合评审结果与集群布局，拟认定。", selected);
            }

            round.MarkSelected(province, null, selected);

            // The notice runs five working days from Monday 1 December or the first weekday after it; early December
            // has no public holiday, so counting weekdays is what the holiday calendar would give.
            var start = new DateOnly(year, 12, 1);
            while (start.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                start = start.AddDays(1);
            }

            var end = start;
            for (var days = 1; days < 5;)
            {
                end = end.AddDays(1);
                days += end.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0 : 1;
            }

            round.PublishNotice(province, start, end, start, At(start, 9));
            var recognizedOn = new DateOnly(year, 12, 18);
            var centers = new List<AccreditedCenter>();
            foreach (var a in applications)
            {
                a.PlaceUnderNotice(province, start, end, At(start, 9));
                a.Recognize(province, $"湘工信人教〔{year}〕{number}号", recognizedOn, recognizedOn, end, At(recognizedOn, 10));
                centers.Add(AccreditedCenter.Recognize(Id(rng), a, province, At(recognizedOn, 10)));
            }

            round.Conclude(AccreditationActor.System, At(recognizedOn, 10));
            return (round, applications, sheets, centers);
        }

        void Live(AccreditedCenter center, DemoCenterFate fate)
        {
            var applicant = new AccreditationActor(model.Users.FirstOrDefault(u => u.OrganizationId == center.OrganizationId)?.Id, AccreditationParty.Applicant);
            var schedule = AnnualReportSchedule.Default;
            var steps = new List<(DateOnly On, Action<DateOnly> Act)>();

            // Every year's report already due is filed in January and received a week later, unless the fate says otherwise;
            // the steps are then taken in date order, so the audit trail reads as it happened.
            var dueYears = new List<int>();
            for (var year = center.RecognizedOn.Year; schedule.DueOn(year) < today; year++)
            {
                dueYears.Add(year);
            }

            foreach (var year in dueYears)
            {
                if (fate == DemoCenterFate.MissingTwoReports || (fate == DemoCenterFate.Revoked && year > center.RecognizedOn.Year))
                {
                    continue;
                }

                var filed = new DateOnly(year + 1, 1, 10 + rng.Next(10));
                var y = year;
                steps.Add((filed, on => center.FileAnnualReport(applicant, y, $"{y}年度：集聚工程师、建设协同平台、开展技术服务与培训，财政资金与自筹经费按计划使用。", null, null, on, At(on, 11))));
                if (fate != DemoCenterFate.OperatingReportAwaitingReceipt || year != dueYears[^1])
                {
                    steps.Add((filed.AddDays(7), on => center.MarkReportReceived(province, y, on, schedule, At(on, 15))));
                }
            }

            var evaluatedOn = center.CultivationEndsOn.AddDays(10);
            if (fate != DemoCenterFate.Cultivating && evaluatedOn < today)
            {
                var passed = fate is DemoCenterFate.Operating or DemoCenterFate.OperatingReportAwaitingReceipt or DemoCenterFate.MissingTwoReports;
                var opinion = passed ? "培育期内人才集聚与协同服务成效明显，评估合格。"
                    : fate == DemoCenterFate.Rectifying ? "专职运营团队不稳定，协同攻关项目未按建设方案推进。" : "培育期内未开展实质性协同活动。";
                steps.Add((evaluatedOn, on => center.Evaluate(province, CenterEvaluationPeriod.Cultivation, passed, opinion, on, At(on, 16))));
            }

            if (fate == DemoCenterFate.Revoked)
            {
                steps.Add((today.AddDays(-20), on => center.Revoke(province, "整改期内发生重大安全生产事故，不再适合承担中心工作（细则第十四条）。", on, At(on, 10))));
            }

            foreach (var (on, act) in steps.OrderBy(s => s.On))
            {
                act(on);
            }

            // What the background service does on its first run: the flag for two consecutive years without a report.
            center.FlagIfReportsMissing(today, schedule, model.Now);
        }

        // China time of day, stored as UTC (Npgsql writes timestamptz only from offset 0).
        DateTimeOffset At(DateOnly date, int hour) => new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
    }

    private static Guid? UserOf(DemoModel model, string email) => model.Users.FirstOrDefault(u => u.Email == email)?.Id;

    private static Guid Id(Random rng)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes);
    }
}
