using Marketplace.Domain.Engineers;
using Marketplace.Domain.Training;
using Marketplace.Infrastructure.ReferenceData;

namespace Marketplace.Infrastructure.DemoData;

public sealed partial class DemoDataGenerator
{
    private static readonly string[] TrainingTopics =
    [
        "液压系统故障诊断", "智能制造产线调试", "工业软件二次开发", "轨道车辆转向架检修", "航空复合材料工艺", "嵌入式系统可靠性设计",
        "焊接机器人编程", "工程机械电控系统", "质量管理与六西格玛", "数字孪生建模", "精益生产现场改善", "新能源动力总成",
    ];

    private static readonly string[] Places = ["长沙经开区实训基地", "株洲中车培训中心", "湘潭大学工程训练中心", "企业技术中心会议室", "线上直播"];

    private static readonly string[] OffPlatformNames = ["周建华", "彭立新", "谭雪梅", "龙海涛", "肖静", "邓国平", "贺志勇", "欧阳晓"];

    /// <summary>
    /// 培训记录: the demo center (operator@demo.cn) under the Center programme, the demo company and two other posting
    /// companies as studio hosts, each with events of every kind over 2025–2026 and pairs in every state. Results go in
    /// only for events that ended before the generator's "now", through the aggregate's own methods, so the tallies the
    /// pages show are what the real workflow would have written.
    /// </summary>
    private async Task SaveTrainingAsync(DemoModel model, DemoDataOptions options, CancellationToken ct)
    {
        var rng = new Random(options.Seed ^ 0x7A1D);
        var kinds = new TrainingKindCatalog(AccreditationDataLoader.ReadFiles().StudioProgramme);
        var operatorUser = model.Users.First(u => u.Email == "operator@demo.cn");
        var companyUser = model.Users.First(u => u.Email == "company@demo.cn");
        var owners = new List<(Guid OrgId, string Region, TrainingProgramme Programme, Guid UserId, int Events)>
        {
            (operatorUser.OrganizationId!.Value, model.Organizations.First(o => o.Id == operatorUser.OrganizationId).RegionCode, TrainingProgramme.Center, operatorUser.Id, 14),
            (companyUser.OrganizationId!.Value, model.Organizations.First(o => o.Id == companyUser.OrganizationId).RegionCode, TrainingProgramme.Studio, companyUser.Id, 9),
        };
        foreach (var other in model.ListingOwners.Skip(1).Take(2))
        {
            owners.Add((other.Company.Id, other.Company.RegionCode, TrainingProgramme.Studio, other.UserId, 7));
        }

        var engineers = model.Engineers;
        var events = new List<TrainingEvent>();
        var pairings = new List<MentorPairing>();
        var firstDay = new DateOnly(2025, 1, 6);
        foreach (var (orgId, region, programme, userId, count) in owners)
        {
            for (var i = 0; i < count; i++)
            {
                var kind = kinds.Kinds[i % kinds.Kinds.Count];
                var start = firstDay.AddDays((i * 700 / count) + rng.Next(0, 20));
                var days = kind.Code is "secondment" or "production-task" or "technical-project" ? rng.Next(20, 90) : rng.Next(1, 5);
                var end = start.AddDays(days);
                var hours = kind.Code is "secondment" or "production-task" or "technical-project" ? rng.Next(8, 25) * 8m : rng.Next(2, 6) * 8m;
                var picked = engineers.OrderBy(_ => rng.Next()).Take(Math.Min(engineers.Count, rng.Next(6, 16))).ToList();
                var lines = picked.Select(e => new TraineeInput(null, e.Id, e.Name, e.EmployerName, e.Title, hours - (rng.Next(0, 3) * 2m))).ToList();
                if (rng.NextDouble() < 0.5)
                {
                    var name = OffPlatformNames[rng.Next(OffPlatformNames.Length)];
                    lines.Add(new TraineeInput(null, null, name, "合作高校", (ProfessionalTitle)rng.Next(2, 5), hours));
                }

                // Recorded a week before it starts, or today for one planned less than a week ahead.
                var planned = China(start.AddDays(-7), new TimeOnly(10, 0));
                var created = planned > model.Now ? model.Now : planned;
                var topic = TrainingTopics[rng.Next(TrainingTopics.Length)];
                var training = TrainingEvent.Record(
                    Guid.NewGuid(), orgId, programme, region, kinds,
                    new TrainingEventDetails(kind.Code, $"{topic}{kind.Name}（{start.Year}年第{i + 1}期）", start, end, hours,
                        Places[rng.Next(Places.Length)], programme == TrainingProgramme.Studio ? "按带培工作室建设方案组织" : "中心年度培训计划"),
                    lines, userId, created);
                if (training.HasEnded(model.Now))
                {
                    var at = China(end, new TimeOnly(17, 0));
                    at = at > model.Now ? model.Now : at;
                    foreach (var trainee in training.Trainees)
                    {
                        var roll = rng.NextDouble();
                        var result = roll < 0.25 ? TrainingResult.Excellent : roll < 0.9 ? TrainingResult.Passed : roll < 0.95 ? TrainingResult.Failed : TrainingResult.Incomplete;
                        var certificate = TrainingVocabulary.Counts(result) ? $"PX{end.Year}{rng.Next(100_000, 999_999)}" : null;
                        training.RecordResult(trainee.Id, result, certificate, userId, at);
                    }
                }

                events.Add(training);
            }

            // 传帮带: senior mentors with junior trainees; the older pairs ended, one of them stopped early.
            var mentors = engineers.Where(e => e.Title >= ProfessionalTitle.SeniorEngineer).OrderBy(_ => rng.Next()).Take(4).ToList();
            var juniors = engineers.Where(e => e.Title is ProfessionalTitle.Engineer or ProfessionalTitle.AssistantEngineer).OrderBy(_ => rng.Next()).Take(4).ToList();
            for (var p = 0; p < Math.Min(mentors.Count, juniors.Count); p++)
            {
                var start = new DateOnly(2025, 3 + (p * 2), 1);
                var startedAt = China(start, new TimeOnly(9, 0));
                var pairing = MentorPairing.Start(
                    Guid.NewGuid(), orgId, programme, region, mentors[p].Id, juniors[p].Id, start, start.AddYears(1),
                    $"围绕{TrainingTopics[rng.Next(TrainingTopics.Length)]}，一年内独立承担一项技术任务并通过考核。", userId,
                    startedAt > model.Now ? model.Now : startedAt);
                var endsAt = China(start.AddYears(1), new TimeOnly(16, 0));
                if (p == 0 && endsAt <= model.Now)
                {
                    pairing.Complete("完成技术项目一项，考核优秀，已能独立负责产线调试。", userId, endsAt);
                }
                else if (p == 1 && startedAt.AddDays(120) <= model.Now)
                {
                    pairing.Stop("学员调往外省分公司，双方协商中止。", userId, startedAt.AddDays(120));
                }

                pairings.Add(pairing);
            }
        }

        db.TrainingEvents.AddRange(events);
        db.MentorPairings.AddRange(pairings);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>A China wall-clock moment as the UTC instant PostgreSQL stores.</summary>
    private static DateTimeOffset China(DateOnly date, TimeOnly time) => new DateTimeOffset(date.ToDateTime(time), TimeSpan.FromHours(8)).ToUniversalTime();
}
