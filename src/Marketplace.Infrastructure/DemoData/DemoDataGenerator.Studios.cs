using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Organizations;
using Marketplace.Infrastructure.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.DemoData;

public sealed partial class DemoDataGenerator
{
    private static readonly byte[] DemoPdf = "%PDF-1.7\n演示申报材料\n%%EOF"u8.ToArray();

    private static readonly (string Category, string Note, decimal Amount)[] Spendings =
    [
        ("equipment", "五轴联动加工中心实训工位", 68_000m),
        ("site-rental", "带培实训场地租金（半年）", 24_000m),
        ("training-exchange", "青年工程师研修班（第一期）", 15_600m),
        ("rnd", "关键工艺联合攻关材料费", 21_350.50m),
        ("training-exchange", "赴高校跟班跟师学习差旅", 8_420m),
        ("equipment", "工业机器人教学套件", 32_000m),
    ];

    /// <summary>
    /// 带培工作室 (seed 000) in every stage the demo accounts act on, told through the aggregate's own methods so each
    /// studio's audit trail is what the real workflow writes: one with the 长沙 city desks (finance still to sign, for
    /// city@demo.cn), one with expert@demo.cn, one under notice, two recognized with spending (one the demo company's,
    /// for company@demo.cn), one revoked with its balance recovered. Hosts are engineers whose 正高级工程师 title the
    /// center verified; if the generated pool has none, the first one gets such a credential so the rule can be shown.
    /// </summary>
    private async Task<int> SaveStudiosAsync(DemoModel model, DemoDataOptions options, CancellationToken ct)
    {
        var accreditation = AccreditationDataLoader.ReadFiles();
        var programme = accreditation.StudioProgramme;
        var calendar = AccreditationDataLoader.ReadCalendar();
        var rng = new Random(options.Seed ^ 0x57D0);
        var now = model.Now;
        var today = AccreditationClock(now);

        var hostTitle = EngineerVocabulary.Name(programme.HostTitle);
        var hosts = await db.EngineerCredentials.AsNoTracking()
            .Where(c => c.Kind == CredentialKind.ProfessionalTitle && c.Status == CredentialStatus.Verified && c.Name.Contains(hostTitle))
            .Select(c => c.EngineerId).Distinct().OrderBy(id => id).ToListAsync(ct);
        var operatorId = model.Users.First(u => u.Email == "operator@demo.cn").Id;
        if (hosts.Count == 0)
        {
            var engineer = model.Engineers[Math.Min(1, model.Engineers.Count - 1)];
            var credential = EngineerCredential.Submit(Guid.NewGuid(), engineer.Id,
                new CredentialDetails(CredentialKind.ProfessionalTitle, $"{hostTitle}职称证书", "湖南省人力资源和社会保障厅", "湘职称2019000001", new DateOnly(2019, 12, 1), null),
                null, engineer.UserId, now.AddDays(-200));
            credential.Verify(operatorId, now.AddDays(-199));
            db.EngineerCredentials.Add(credential);
            hosts.Add(engineer.Id);
        }

        var names = model.Engineers.ToDictionary(e => e.Id, e => e.Name);
        string HostName(Guid id) => names.TryGetValue(id, out var n) ? n : "主持人";
        Guid UserOf(string email) => model.Users.First(u => u.Email == email).Id;
        var province = new AccreditationActor(UserOf("authority@demo.cn"), AccreditationParty.Province);
        var expertId = UserOf("expert@demo.cn");
        var expert = new AccreditationActor(expertId, AccreditationParty.Expert);
        var expertOrgs = model.Users.First(u => u.Id == expertId).OrganizationId is { } eo ? new[] { eo } : [];
        var demoCompany = model.Organizations.First(o => o.Name == "株洲湘江动力机械有限公司");
        var changsha = model.Organizations.Where(o => o.Kind == OrganizationKind.Company && o.RegionCode == "430100").ToList();
        var others = model.Organizations.Where(o => o.Kind == OrganizationKind.Company && o.Id != demoCompany.Id && o.RegionCode != "430100").ToList();
        var cityUser = UserOf("city@demo.cn");

        var studios = new List<MentoringStudio>();
        var files = new List<StudioFile>();
        var hostIndex = 0;

        // The city's actor is the demo city bureau for 长沙 enterprises; elsewhere it is that city's bureau, with no demo account.
        MentoringStudio Submitted(Organization enterprise, DateTimeOffset at, Guid? applicantUser = null)
        {
            var applicant = new AccreditationActor(applicantUser, AccreditationParty.Applicant);
            var host = hosts[hostIndex++ % hosts.Count];
            var studio = MentoringStudio.Start(Guid.NewGuid(), programme, enterprise.Id, enterprise.RegionCode, applicant, at);
            studio.UpdateDraft(applicant, programme, host, DemoStudioForms.Complete(programme, enterprise.Name, HostName(host), rng.Next()), at.AddHours(2));
            foreach (var material in programme.Materials)
            {
                files.Add(StudioFile.Upload(Guid.NewGuid(), studio, programme, applicant, material.Code,
                    EvidenceFile.Create($"{material.Code}-{material.Name}.pdf", DemoPdf), at.AddHours(3)));
            }

            studio.Submit(applicant, programme, new StudioHostCheck(host, programme.HostTitle), [.. programme.Materials.Select(m => m.Code)], at.AddHours(4));
            studios.Add(studio);
            return studio;
        }

        AccreditationActor City(MentoringStudio studio) => new(studio.RegionCode == "430100" ? cityUser : null, AccreditationParty.CityBureau);

        void ThroughExperts(MentoringStudio studio, DateTimeOffset at)
        {
            studio.CityReview(City(studio), CityDesk.HumanResources, true, "申报企业为先进制造业骨干企业，主持人条件符合。", at);
            studio.CityReview(City(studio), CityDesk.Finance, true, "启动资金使用计划合理，同意推荐。", at.AddHours(5));
            studio.AssignExperts(province, [(expertId, expertOrgs)], at.AddDays(3));
        }

        DateOnly NoticeEnd(DateOnly start) =>
            calendar.Covers(start) && calendar.Covers(start.AddDays(30)) ? calendar.NoticeEnd(start, programme.NoticeWorkingDays) : start.AddDays(6);

        void Recognize(MentoringStudio studio, DateOnly recognizedOn, int number)
        {
            var at = ChinaMorning(recognizedOn.AddDays(-40));
            ThroughExperts(studio, at);
            studio.GiveOpinion(expert, true, "师资队伍结构合理，带培目标明确，同意认定。", at.AddDays(6));
            studio.Select(province, true, "专家认定通过，择优入选。", at.AddDays(10));
            var start = recognizedOn.AddDays(-21);
            studio.PublishNotice(province, start, NoticeEnd(start), start, ChinaMorning(start));
            studio.Recognize(province, programme, $"湘人社函〔{recognizedOn.Year}〕{number}号", recognizedOn, recognizedOn, ChinaMorning(recognizedOn));
        }

        void Spend(MentoringStudio studio, Guid? applicantUser, int count)
        {
            var applicant = new AccreditationActor(applicantUser, AccreditationParty.Applicant);
            var first = studio.RecognizedOn!.Value;
            var span = Math.Max(1, today.DayNumber - first.DayNumber);
            for (var i = 0; i < count; i++)
            {
                var (category, note, amount) = Spendings[i % Spendings.Length];
                var day = first.AddDays(Math.Min(span, (i + 1) * span / (count + 1)));
                studio.RecordSpending(applicant, programme, Guid.NewGuid(), category, day, amount, note, null, day, ChinaMorning(day).AddHours(i));
            }
        }

        // 1. With the 长沙 city desks: HR has signed, finance has not (city@demo.cn's queue).
        var cityCase = Submitted(changsha.Count > 0 ? changsha[0] : others[0], now.AddDays(-6));
        cityCase.CityReview(City(cityCase), CityDesk.HumanResources, true, "主持人正高级职称已核验，申报材料齐全。", now.AddDays(-2));

        // 2. With expert@demo.cn, who has not given an opinion yet.
        var expertCase = Submitted(changsha.Count > 1 ? changsha[1] : others[1], now.AddDays(-20));
        ThroughExperts(expertCase, now.AddDays(-15));

        // 3. Under notice from today.
        var noticeCase = Submitted(others[2 % others.Count], now.AddDays(-40));
        ThroughExperts(noticeCase, now.AddDays(-35));
        noticeCase.GiveOpinion(expert, true, "同意认定。", now.AddDays(-25));
        noticeCase.Select(province, true, "专家认定通过。", now.AddDays(-20));
        noticeCase.PublishNotice(province, today, NoticeEnd(today), today, now);

        // 4. Recognized: the demo company's studio (company@demo.cn), and one more, each spending its fund.
        var companyUser = UserOf("company@demo.cn");
        var demoStudio = Submitted(demoCompany, ChinaMorning(today.AddDays(-280)), companyUser);
        Recognize(demoStudio, today.AddDays(-230), 31);
        Spend(demoStudio, companyUser, 4);
        var second = Submitted(changsha.Count > 2 ? changsha[2] : others[3 % others.Count], ChinaMorning(today.AddDays(-470)));
        Recognize(second, today.AddDays(-420), 12);
        Spend(second, null, 6);

        // 5. Revoked for a violation, its unspent balance recovered.
        var revoked = Submitted(others[4 % others.Count], ChinaMorning(today.AddDays(-520)));
        Recognize(revoked, today.AddDays(-470), 15);
        Spend(revoked, null, 2);
        revoked.Revoke(province, "经核查，工作室虚报带培人数，违反相关规定，撤销认定。", today.AddDays(-30), ChinaMorning(today.AddDays(-30)));

        db.MentoringStudios.AddRange(studios);
        db.StudioFiles.AddRange(files);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return studios.Count;
    }

    private static DateOnly AccreditationClock(DateTimeOffset now) =>
        DateOnly.FromDateTime(now.ToOffset(Marketplace.Domain.Common.ChinaTime.Offset).DateTime);

    private static DateTimeOffset ChinaMorning(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 30)), Marketplace.Domain.Common.ChinaTime.Offset).ToUniversalTime();
}
