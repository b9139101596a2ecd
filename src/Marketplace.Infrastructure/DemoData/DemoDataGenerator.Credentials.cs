using Marketplace.Domain.Engineers;
using Marketplace.Domain.Notifications;

namespace Marketplace.Infrastructure.DemoData;

public sealed partial class DemoDataGenerator
{
    /// <summary>
    /// Only the first engineers get credentials: they are the ones the demo accounts look at, and going through the
    /// domain and EF keeps every credential's audit trail what the real workflow writes (a COPY would have to forge it).
    /// </summary>
    private const int EngineersWithCredentials = 200;

    private static readonly (string Name, string Body)[] Qualifications =
    [
        ("注册安全工程师", "应急管理部"),
        ("注册电气工程师", "住房和城乡建设部"),
        ("一级注册结构工程师", "住房和城乡建设部"),
        ("注册设备监理师", "国家市场监督管理总局"),
        ("特种设备检验员", "湖南省市场监督管理局"),
    ];

    private static readonly string[] Skills =
    [
        "焊工（高级技师）", "数控车工（技师）", "电工（高级技师）", "工业机器人系统运维员（技师）", "钳工（高级技师）",
    ];

    /// <summary>
    /// 资质证书: most engineers' titles, tiers and qualifications verified by the center, a few still pending so the
    /// review queue has work in it, and an occasional rejection. Told through the credential's own methods.
    /// </summary>
    private async Task<int> SaveCredentialsAsync(DemoModel model, DemoDataOptions options, CancellationToken ct)
    {
        var rng = new Random(options.Seed ^ 0xC4ED);
        var reviewer = model.Users.First(u => u.Email == "operator@demo.cn").Id;
        var credentials = new List<EngineerCredential>();
        var notifications = new List<Notification>();
        var serial = 0;

        // Issued at least a year before the earliest submission below (310 days back), whatever today's date.
        foreach (var (engineer, index) in model.Engineers.Take(EngineersWithCredentials).Select((e, i) => (e, i)))
        {
            var held = new List<CredentialDetails>();
            var titleYear = model.Now.Year - 2 - rng.Next(Math.Max(1, Math.Min(engineer.YearsOfPractice, 15)));
            if (engineer.Title >= ProfessionalTitle.AssistantEngineer)
            {
                held.Add(new CredentialDetails(CredentialKind.ProfessionalTitle, $"{EngineerVocabulary.Name(engineer.Title)}职称证书",
                    "湖南省人力资源和社会保障厅", $"湘职称{titleYear}{++serial:D6}", new DateOnly(titleYear, 12, 1 + rng.Next(28)), null));
            }

            if (engineer.Tier != ExcellenceTier.None)
            {
                var national = engineer.Tier is ExcellenceTier.NationalLeading or ExcellenceTier.NationalPillar or ExcellenceTier.NationalElite;
                var year = model.Now.Year - 2 - rng.Next(3);
                held.Add(new CredentialDetails(CredentialKind.ExcellentEngineer, $"{EngineerVocabulary.Name(engineer.Tier)}认定",
                    national ? "工业和信息化部人才交流中心" : "湖南省工业和信息化厅", $"ZY{year}{++serial:D6}", new DateOnly(year, 9, 1 + rng.Next(28)), null));
            }

            if (rng.NextDouble() < 0.35)
            {
                var (name, body) = Qualifications[rng.Next(Qualifications.Length)];
                var year = model.Now.Year - 2 - rng.Next(8);
                var issued = new DateOnly(year, 1 + rng.Next(12), 1 + rng.Next(28));
                held.Add(new CredentialDetails(CredentialKind.VocationalQualification, name, body, $"ZG{year}{++serial:D6}", issued, issued.AddYears(5)));
            }

            if (rng.NextDouble() < 0.25)
            {
                var year = model.Now.Year - 2 - rng.Next(6);
                held.Add(new CredentialDetails(CredentialKind.SkillLevel, Skills[rng.Next(Skills.Length)], "湖南省职业技能鉴定指导中心",
                    $"JN{year}{++serial:D6}", new DateOnly(year, 6, 1 + rng.Next(28)), null));
            }

            foreach (var (details, n) in held.Select((d, n) => (d, n)))
            {
                // The demo engineer's newest credential waits for review, as do about one in twelve of the others'.
                var pending = (index == 0 && n == held.Count - 1) || rng.NextDouble() < 0.08;
                var submitted = pending ? model.Now.AddHours(-1 - (rng.NextDouble() * 72)) : model.Now.AddDays(-10 - (rng.NextDouble() * 300));
                var credential = EngineerCredential.Submit(Guid.NewGuid(), engineer.Id, details, null, engineer.UserId, submitted);
                if (!pending)
                {
                    var reviewed = submitted.AddHours(4 + (rng.NextDouble() * 60));
                    if (rng.NextDouble() < 0.05)
                    {
                        credential.Reject(reviewer, "证书编号在发证机构查询不到，请上传证书扫描件后重新提交。", reviewed);
                    }
                    else
                    {
                        credential.Verify(reviewer, reviewed);
                    }

                    if (index == 0)
                    {
                        var verified = credential.Status == CredentialStatus.Verified;
                        var notification = Notification.Create(engineer.UserId, verified ? "credential.verified" : "credential.rejected",
                            verified ? "资质证书已核验" : "资质证书未通过核验",
                            verified ? $"您登记的“{credential.Name}”已通过中心核验，现已在档案中公开展示。" : $"您登记的“{credential.Name}”未通过核验：{credential.RejectionReason}",
                            "/Engineers/Me#credentials", null, reviewed);
                        notification.MarkRead(reviewed.AddHours(2));
                        notifications.Add(notification);
                    }
                }

                credentials.Add(credential);
            }
        }

        db.EngineerCredentials.AddRange(credentials);
        db.Notifications.AddRange(notifications);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return credentials.Count;
    }
}
