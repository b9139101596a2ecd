using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Marketplace.Domain.Organizations;
using Marketplace.Infrastructure.ReferenceData;

namespace Marketplace.Infrastructure.DemoData;

public sealed partial class DemoDataGenerator
{
    /// <summary>
    /// 中心认定 rounds, told through the domain's own methods (so every audit line is what the workflow writes), with the
    /// dates of each step in the past: an earlier round of this year under public notice now, the current round in
    /// review (one application waiting for the city bureau, one with expert@demo.cn and not yet scored, others scored,
    /// one of them vetoed, one returned), and an open round where applicant@demo.cn has a draft. Applicants are academic
    /// institutions and companies of 长沙 (city@demo.cn's city), never the expert's own institution (回避) nor the
    /// operator's center, which is modelled as already recognized.
    /// </summary>
    private async Task SaveAccreditationAsync(DemoModel model, DemoDataOptions options, CancellationToken ct)
    {
        var reference = AccreditationDataLoader.ReadFiles();
        var rubric = reference.Rubrics.Current;
        var checklist = reference.CenterConditions;
        var calendar = AccreditationDataLoader.ReadCalendar();
        var rng = new Random(options.Seed ^ 0xACC7);
        var now = model.Now;
        var year = ChinaDate(now).Year;

        Guid UserOf(string email) => model.Users.First(u => u.Email == email).Id;
        var province = new AccreditationActor(UserOf("authority@demo.cn"), AccreditationParty.Province);
        var city = new AccreditationActor(UserOf("city@demo.cn"), AccreditationParty.CityBureau);
        var expertUser = model.Users.First(u => u.Email == "expert@demo.cn");
        var expert = new AccreditationActor(expertUser.Id, AccreditationParty.Expert);
        IReadOnlyList<Guid> expertOrgs = expertUser.OrganizationId is { } eo ? [eo] : [];
        var excluded = new HashSet<Guid?>
        {
            expertUser.OrganizationId, model.Users.First(u => u.Email == "operator@demo.cn").OrganizationId,
            model.Users.First(u => u.Email == "applicant@demo.cn").OrganizationId,
        };

        // Applicants: universities, institutes and companies with an account to act for them, 长沙 ones first.
        var applicants = model.Organizations
            .Where(o => (o.Kind is OrganizationKind.University or OrganizationKind.Institute or OrganizationKind.Company) && !excluded.Contains(o.Id))
            .Select(o => (Org: o, User: model.Users.FirstOrDefault(u => u.OrganizationId == o.Id)))
            .Where(x => x.User is not null)
            .OrderBy(x => x.Org.RegionCode != "430100")
            .Take(9)
            .ToList();
        if (applicants.Count < 9)
        {
            return;
        }

        var rounds = new List<AccreditationRound>();
        var applications = new List<CenterApplication>();
        var sheets = new List<ExpertScoreSheet>();

        CenterApplication Submitted(AccreditationRound round, int index, DateTimeOffset at)
        {
            var (org, user) = applicants[index];
            var actor = new AccreditationActor(user!.Id, AccreditationParty.Applicant);
            var application = CenterApplication.Start(Guid.NewGuid(), round, org.Id, org.RegionCode, actor, at);
            Fill(application, actor, org.Name, complete: true, at.AddHours(2));
            application.Submit(actor, round, checklist, rubric, at.AddDays(1));
            applications.Add(application);
            return application;
        }

        void Fill(CenterApplication application, AccreditationActor actor, string name, bool complete, DateTimeOffset at) =>
            application.UpdateDraft(
                actor, checklist, rubric,
                [.. checklist.Conditions.Take(complete ? checklist.Conditions.Count : 3).Select(c => new ConditionStatement(
                    c.Code, true, $"{name}{c.Name}情况：已具备，详见佐证材料。", [$"{c.Name}佐证材料（{year}）.pdf"]))],
                $"{name}依托本单位优势学科与合作企业，围绕工程机械、先进制造等产业集群，三年内集聚工程师 200 名以上，建设协同创新平台、中试基地与工程师培养基地，"
                    + "建立“企业出题、工程师答题、中心组题”的运行机制。",
                complete ? [.. rubric.Secondaries.Select(s => new SelfAssessmentMark(s.Code, Math.Round(s.MaxPoints * (0.8m + (rng.Next(0, 20) / 100m)), 1), "依据佐证材料自评"))] : [],
                at);

        void Accept(CenterApplication application, DateTimeOffset at)
        {
            application.RecommendByCity(city, "材料齐全，同意推荐。", at);
            application.AcceptByProvince(province, "形式审查通过。", at.AddHours(1));
            application.AssignExperts(province, [(expert.UserId!.Value, expertOrgs)], at.AddHours(2));
        }

        void Score(AccreditationRound round, CenterApplication application, decimal quality, string? veto, DateTimeOffset at)
        {
            var sheet = ExpertScoreSheet.Start(Guid.NewGuid(), rubric, application.Id, expert.UserId!.Value, at);
            foreach (var s in rubric.Secondaries)
            {
                var points = Math.Min(s.MaxPoints, Math.Round(s.MaxPoints * (quality + (rng.Next(-8, 9) / 100m)), 1));
                sheet.Mark(rubric, s.Code, Math.Max(0, points), $"{s.Name}：材料较为翔实，{(points >= s.MaxPoints * 0.85m ? "成效突出" : "尚有提升空间")}。", at);
            }

            if (quality > 0.85m)
            {
                sheet.ClaimBonus(rubric, "B2", "provincial", null, ["省级表彰文件.pdf"], "获省级荣誉一项", at);
                sheet.ClaimBonus(rubric, "B1", null, 2, ["市政府支持文件.pdf"], "市政府出台专项支持政策", at);
            }

            if (veto is not null)
            {
                sheet.Veto(rubric, "V1", veto, at);
            }

            sheet.Submit(rubric, at.AddHours(1));
            application.RecordSheetSubmitted(expert, sheet, rubric, at.AddHours(1));
            application.RecordScore(RubricAggregation.Aggregate(rubric, [sheet], round.Trim), at.AddHours(1));
            sheets.Add(sheet);
        }

        // An earlier round of the year, under public notice since yesterday (China date).
        var t0 = now.AddDays(-150);
        var first = AccreditationRound.Open(Guid.NewGuid(), province, $"{year}年度工程师协同创新中心认定（第一批）", "430000",
            t0, now.AddDays(-120), rubric, checklist, TrimOptions.Default, t0);
        rounds.Add(first);
        var noticed = Enumerable.Range(0, 3).Select(i => Submitted(first, i, t0.AddDays(2 + i))).ToList();
        first.BeginReview(province, now.AddDays(-119));
        foreach (var (application, i) in noticed.Select((a, i) => (a, i)))
        {
            Accept(application, now.AddDays(-118 + i));
            Score(first, application, i == 2 ? 0.7m : 0.9m - (i * 0.05m), null, now.AddDays(-100 + i));
        }

        var selectedAt = now.AddDays(-5);
        first.MarkSelected(province, "按评审排名遴选。", selectedAt);
        noticed[0].Select(province, "按评审排名遴选。", selectedAt);
        noticed[1].Select(province, "按评审排名遴选。", selectedAt);
        noticed[2].Reject(province, "按评审排名遴选。", selectedAt);
        var publishedAt = now.AddDays(-1);
        var start = ChinaDate(publishedAt);
        var end = calendar.NoticeEnd(start);
        first.PublishNotice(province, start, end, start, publishedAt);
        noticed[0].PlaceUnderNotice(province, start, end, publishedAt);
        noticed[1].PlaceUnderNotice(province, start, end, publishedAt);

        // The current round: its window has just closed and the review is under way.
        var t1 = now.AddDays(-40);
        var current = AccreditationRound.Open(Guid.NewGuid(), province, $"{year}年度工程师协同创新中心认定（第二批）", "430000",
            t1, now.AddDays(-3), rubric, checklist, TrimOptions.Default, t1);
        rounds.Add(current);
        _ = Submitted(current, 3, t1.AddDays(30));
        var returned = Submitted(current, 4, t1.AddDays(5));
        returned.ReturnByCity(city, "建设方案未写明运行机制与经费保障，请补充后重新提交。", t1.AddDays(8));
        var inReview = Submitted(current, 5, t1.AddDays(6));
        var scored = Enumerable.Range(6, 3).Select(i => Submitted(current, i, t1.AddDays(i))).ToList();
        current.BeginReview(province, now.AddDays(-3).AddMinutes(30));
        Accept(inReview, now.AddDays(-3).AddHours(1));
        foreach (var (application, i) in scored.Select((a, i) => (a, i)))
        {
            Accept(application, now.AddDays(-3).AddHours(2 + i));
            Score(current, application, 0.92m - (i * 0.08m), i == 2 ? "申报单位近一年发生一起较大安全生产事故，经查属实。" : null, now.AddDays(-1).AddHours(i));
        }

        // An open round, where the demo applicant has started a draft.
        var t2 = now.AddDays(-5);
        var open = AccreditationRound.Open(Guid.NewGuid(), province, $"{year}年度工程师协同创新中心认定（第三批）", "430000",
            t2, now.AddDays(30), rubric, checklist, TrimOptions.Default, t2);
        rounds.Add(open);
        var applicantUser = model.Users.First(u => u.Email == "applicant@demo.cn");
        var applicantOrg = model.Organizations.First(o => o.Id == applicantUser.OrganizationId);
        var applicantActor = new AccreditationActor(applicantUser.Id, AccreditationParty.Applicant);
        var draft = CenterApplication.Start(Guid.NewGuid(), open, applicantOrg.Id, applicantOrg.RegionCode, applicantActor, now.AddDays(-2));
        Fill(draft, applicantActor, applicantOrg.Name, complete: false, now.AddDays(-1));
        applications.Add(draft);

        db.AccreditationRounds.AddRange(rounds);
        db.CenterApplications.AddRange(applications);
        db.ScoreSheets.AddRange(sheets);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static DateOnly ChinaDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(ChinaTime.Offset).DateTime);
}
