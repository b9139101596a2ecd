using Marketplace.Domain.Engineers;
using Marketplace.Domain.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.DemoData;

public sealed partial class DemoDataGenerator
{
    /// <summary>A one-page PDF standing in for a scanned certificate, contract or voucher.</summary>
    private static readonly byte[] DemoEvidencePdf = "%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    /// <summary>
    /// 填报成果 of the demo center (operator@demo.cn) for this year and last: standards, IP, shared equipment and funds,
    /// each with an evidence file, plus this year's targets and a first draft of the report narrative. The platform's
    /// own records (listings it published, routed consultations, training) already come from the other generators.
    /// </summary>
    private async Task SaveOutcomesAsync(DemoModel model, CancellationToken ct)
    {
        var operatorUser = model.Users.First(u => u.Email == "operator@demo.cn");
        var org = operatorUser.OrganizationId!.Value;
        var today = DateOnly.FromDateTime(model.Now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var year = today.Year;
        var lines = new (int YearsAgo, OutcomeEntryKind Kind, string Subtype, string Title, int Month, decimal? Amount, FundSource? Source, int? Times, string Detail)[]
        {
            (0, OutcomeEntryKind.Standard, "group-led", "工程机械液压油缸焊接工艺规范（团体标准）", 3, null, null, null, "T/HNJX 012—2026，牵头单位"),
            (0, OutcomeEntryKind.Standard, "participated", "装载机能效测试方法（行业标准）", 5, null, null, null, "参与起草"),
            (1, OutcomeEntryKind.Standard, "provincial-led", "工程机械再制造零部件质量要求（地方标准）", 9, null, null, null, "DB43/T 2911—2025"),
            (0, OutcomeEntryKind.IntellectualProperty, "invention", "一种臂架焊缝缺陷在线检测方法", 4, null, null, null, "ZL 2026 1 0123456.7，与企业共有"),
            (0, OutcomeEntryKind.IntellectualProperty, "utility", "液压阀块清洗夹具", 6, null, null, null, "ZL 2026 2 0345678.9"),
            (0, OutcomeEntryKind.IntellectualProperty, "software", "焊接工艺参数推荐系统 V1.0", 7, null, null, null, "2026SR0456789"),
            (1, OutcomeEntryKind.IntellectualProperty, "invention", "一种结构件残余应力评估方法", 10, null, null, null, "ZL 2025 1 0987654.3"),
            (0, OutcomeEntryKind.Equipment, "equipment", "三坐标测量机", 8, null, null, 46, "面向集群企业开放预约"),
            (0, OutcomeEntryKind.Equipment, "lab", "焊接工艺中试线", 8, null, null, 18, "按次收费，中小企业优惠"),
            (0, OutcomeEntryKind.Equipment, "software", "有限元仿真平台", 9, null, null, 31, "远程共享许可"),
            (0, OutcomeEntryKind.FundReceived, "grant", "省级工程师协同创新中心建设补助", 2, 1_000_000m, FundSource.Fiscal, null, "湘工信人教〔2026〕拨款"),
            (0, OutcomeEntryKind.FundReceived, "investment", "依托单位配套投入", 2, 600_000m, FundSource.SelfRaised, null, "董事会决议"),
            (0, OutcomeEntryKind.FundReceived, "service-income", "技术服务收入", 10, 235_000m, FundSource.SelfRaised, null, "检测与咨询服务"),
            (0, OutcomeEntryKind.FundSpent, "equipment", "购置焊缝相控阵检测仪", 5, 420_000m, FundSource.Fiscal, null, "政府采购合同"),
            (0, OutcomeEntryKind.FundSpent, "training", "卓越工程师研修班", 6, 86_000m, FundSource.Fiscal, null, "培训费用凭证"),
            (0, OutcomeEntryKind.FundSpent, "talent", "柔性引进工程师劳务", 9, 260_000m, FundSource.SelfRaised, null, "劳务合同 12 份"),
            (0, OutcomeEntryKind.FundSpent, "operation", "平台运行维护", 10, 95_000m, FundSource.SelfRaised, null, "运维合同"),
            (1, OutcomeEntryKind.FundReceived, "grant", "中心培育期启动资金", 11, 500_000m, FundSource.Fiscal, null, "2025 年拨付"),
            (1, OutcomeEntryKind.FundSpent, "equipment", "购置三坐标测量机", 12, 380_000m, FundSource.Fiscal, null, "政府采购合同"),
        };
        foreach (var line in lines)
        {
            var on = new DateOnly(year - line.YearsAgo, line.Month, 10);
            if (on > today)
            {
                on = today;
            }

            var at = new DateTimeOffset(on.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
            var file = OutcomeEvidenceFile.Create(Guid.NewGuid(), org, EvidenceFile.Create($"{line.Title}.pdf", DemoEvidencePdf), at);
            db.OutcomeEvidenceFiles.Add(file);
            db.OutcomeEntries.Add(OutcomeEntry.Record(Guid.NewGuid(), org, line.Kind, line.Subtype, line.Title, on, line.Amount, line.Source, line.Times, line.Detail,
                file.Id, file.FileName, operatorUser.Id, today, at));
        }

        var center = await db.AccreditedCenters.AsNoTracking().Where(c => c.OrganizationId == org).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (center is { } centerId)
        {
            var plan = CenterReportYear.Start(Guid.NewGuid(), centerId, year, model.Now);
            plan.SetTargets(new Dictionary<string, decimal>
            {
                ["talent.engineers"] = 120, ["talent.provincial"] = 8, ["services.companies"] = 60, ["services.challenges.published"] = 40,
                ["services.challenges.settled"] = 12, ["services.consultations"] = 30, ["platform.training.persontimes"] = 150, ["results.standards.led"] = 2, ["results.ip"] = 4,
            }, new HashSet<string>(["talent.engineers", "talent.provincial", "services.companies", "services.challenges.published", "services.challenges.settled",
                "services.consultations", "platform.training.persontimes", "results.standards.led", "results.ip"]), model.Now);
            plan.WriteNarratives(new Dictionary<string, string>
            {
                ["talent"] = "中心坚持全职、柔性、兼职相结合，面向工程机械集群集聚共享工程师，重点引进焊接、液压与电控方向的高级工程师。",
                ["platform"] = "建成线上工程师资源协同平台与焊接工艺中试线，检测设备面向集群企业开放预约。",
                ["services"] = "以揭榜挂帅组织企业出题、工程师答题、车间验题，开展在线问诊与一对多精准对接。",
            }, model.Now);
            db.CenterReportYears.Add(plan);
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
