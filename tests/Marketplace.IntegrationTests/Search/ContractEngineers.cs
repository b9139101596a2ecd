using Marketplace.Application.Engineers.Search;
using Marketplace.Domain.Engineers;

namespace Marketplace.IntegrationTests.Search;

/// <summary>
/// The contract suite's fixed engineers: hand-written so each test's answer can be read off the list (and is
/// computed from it by <see cref="Matching"/> rather than copied by hand). Ids are 1..40 in the last group of the
/// GUID, so the id tie-break order is the number order.
/// </summary>
internal static class ContractEngineers
{
    public static readonly DateOnly Today = new(2026, 6, 15);

    public static readonly Dictionary<string, string> Skills = new()
    {
        ["cm-hydraulic-system-design"] = "液压系统设计",
        ["cm-welding"] = "焊接工艺",
        ["cm-cnc"] = "数控加工",
        ["rail-signal"] = "轨道交通信号系统",
        ["auto-plc"] = "PLC编程",
        ["auto-robot"] = "工业机器人调试",
        ["elec-embedded"] = "嵌入式开发",
        ["elec-pcb"] = "电路板设计",
    };

    public static readonly Dictionary<string, string> Clusters = new()
    {
        ["cm"] = "工程机械", ["rail"] = "轨道交通", ["auto"] = "汽车制造", ["elec"] = "电子信息",
    };

    public static readonly Dictionary<string, string> Cities = new()
    {
        ["430100"] = "长沙市", ["430200"] = "株洲市", ["420100"] = "武汉市", ["420500"] = "宜昌市",
    };

    private static readonly Dictionary<ProfessionalTitle, string> TitleNames = new()
    {
        [ProfessionalTitle.Technician] = "技术员", [ProfessionalTitle.AssistantEngineer] = "助理工程师",
        [ProfessionalTitle.Engineer] = "工程师", [ProfessionalTitle.SeniorEngineer] = "高级工程师",
        [ProfessionalTitle.ProfessorSeniorEngineer] = "正高级工程师",
    };

    private static readonly Dictionary<ExcellenceTier, string> TierNames = new()
    {
        [ExcellenceTier.None] = "", [ExcellenceTier.NationalLeading] = "国家级卓越工程师", [ExcellenceTier.NationalPillar] = "国家级骨干",
        [ExcellenceTier.NationalElite] = "国家级精英", [ExcellenceTier.ProvincialLeading] = "省级领军人才", [ExcellenceTier.ProvincialYoung] = "省级青年英才",
    };

    private const ServiceModes F = ServiceModes.FlexibleHire;
    private const ServiceModes P = ServiceModes.Project;
    private const ServiceModes T = ServiceModes.PartTime;
    private const ServiceModes A = ServiceModes.Advisory;
    private const ProfessionalTitle Tech = ProfessionalTitle.Technician;
    private const ProfessionalTitle Asst = ProfessionalTitle.AssistantEngineer;
    private const ProfessionalTitle Eng = ProfessionalTitle.Engineer;
    private const ProfessionalTitle Sen = ProfessionalTitle.SeniorEngineer;
    private const ProfessionalTitle Prof = ProfessionalTitle.ProfessorSeniorEngineer;
    private const ExcellenceTier No = ExcellenceTier.None;
    private const ExcellenceTier NL = ExcellenceTier.NationalLeading;
    private const ExcellenceTier PL = ExcellenceTier.ProvincialLeading;
    private const ExcellenceTier PY = ExcellenceTier.ProvincialYoung;

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    public static readonly IReadOnlyList<EngineerSearchDocument> All =
    [
        E(1, "王建国", "二十年液压系统设计经验，主持挖掘机液压回路改造。", "三一重工", Sen, NL, "430100", ["cm"], ["cm-hydraulic-system-design"], F | P, 40, null, null, 22, 4.85m),
        E(2, "李明", "擅长液压泵阀选型与故障诊断。", "中联重科", Eng, No, "430100", ["cm"], ["cm-hydraulic-system-design", "cm-welding"], P, 20, null, null, 12, 4.60m),
        E(3, "张伟", "焊接机器人工作站集成。", "山河智能", Eng, PY, "430100", ["cm", "auto"], ["cm-welding", "auto-robot"], P | A, 30, null, null, 9, 4.60m),
        E(4, "刘洋", "钢结构焊接与无损检测。", "湖南建工", Asst, No, "430200", ["cm"], ["cm-welding"], T, 16, D("2026-07-01"), null, 5, 4.10m),
        E(5, "陈静", "地铁车辆牵引系统调试，熟悉轨道交通标准。", "中车株机", Sen, PL, "430200", ["rail"], ["rail-signal"], P | A, 24, null, D("2026-12-31"), 15, 4.90m),
        E(6, "杨帆", "轨道交通信号系统联调与安全评估。", "中车株洲所", Prof, NL, "430200", ["rail"], ["rail-signal", "elec-embedded"], A, 10, D("2026-01-01"), D("2026-06-30"), 25, 4.95m),
        E(7, "赵磊", "PLC编程与产线自动化改造。", "比亚迪长沙", Eng, No, "430100", ["auto"], ["auto-plc"], F | T, 32, null, null, 8, 4.30m),
        E(8, "黄丽", "工业机器人离线编程与调试。", "上汽大众长沙", Eng, PY, "430100", ["auto"], ["auto-robot", "auto-plc"], P, 0, null, null, 7, 4.30m),
        E(9, "周强", "嵌入式开发，车载控制器软件。", "长城汽车", Sen, No, "420100", ["auto", "elec"], ["elec-embedded"], P | T, 20, null, null, 14, 4.70m),
        E(10, "吴敏", "电路板设计与电磁兼容整改。", "华为武汉研究所", Eng, No, "420100", ["elec"], ["elec-pcb"], F, 12, null, null, 6, 3.90m),
        E(11, "徐刚", "液压缸密封失效分析，兼做焊接工装。", "武汉重工", Eng, No, "420100", ["cm"], ["cm-welding"], P, 18, null, null, 11, 4.20m),
        E(12, "孙悦", "数控加工编程与刀具优化。", "宜昌船舶", Asst, No, "420500", ["cm"], ["cm-cnc"], T, 10, null, null, 4, 4.00m),
        E(13, "马超", "数控加工编程与刀具优化。", "宜昌船舶", Asst, No, "420500", ["cm"], ["cm-cnc"], T, 10, null, null, 4, 4.00m),
        E(14, "朱琳", "数控加工编程与刀具优化。", "宜昌船舶", Asst, No, "420500", ["cm"], ["cm-cnc"], T, 10, null, null, 4, 4.00m),
        E(15, "胡军", "多年数控机床维修，数控系统参数调优，数控改造。", "宜昌机床厂", Tech, No, "420500", ["cm"], [], F, 8, null, null, 18, 3.80m),
        E(16, "郭峰", "轨道，交通组织方案另有专人负责；本人做车体焊接。", "中铁武汉", Eng, No, "420100", ["cm"], ["cm-welding"], P, 20, null, null, 10, 4.40m),
        E(17, "何平", "常驻长沙 交通便利，可随时到厂。", "长沙精工", Tech, No, "430100", ["cm"], ["cm-cnc"], F, 40, null, null, 3, 3.50m),
        E(18, "高洁", "液压系统设计评审，液压试验台搭建。", "三一重工", Prof, NL, "430100", ["cm"], ["cm-hydraulic-system-design"], A, 8, null, D("2026-06-15"), 28, 4.85m),
        E(19, "林涛", "工程机械电控系统，CAN 总线诊断。", "中联重科", Sen, PL, "430100", ["cm", "elec"], ["elec-embedded"], P | A, 16, D("2026-06-15"), null, 16, 4.50m),
        E(20, "罗娜", "电路板设计，高速信号完整性。", "宜昌光电", Eng, PY, "420500", ["elec"], ["elec-pcb"], P, 24, null, null, 9, 4.50m),
        E(21, "梁宇", "汽车焊装线规划与焊接质量提升。", "东风汽车", Sen, No, "420100", ["auto"], ["cm-welding", "auto-robot"], P, 20, null, null, 19, 4.65m),
        E(22, "宋佳", "轨道交通车辆转向架设计。", "中车株机", Eng, No, "430200", ["rail"], [], P, 20, null, null, 8, 4.20m),
        E(23, "郑浩", "PLC编程，伺服调试。", "株洲电机", Asst, No, "430200", ["auto"], ["auto-plc"], T, 12, null, D("2026-05-31"), 3, 3.70m),
        E(24, "谢雨", "嵌入式开发与液压控制器固件。", "山河智能", Eng, No, "430100", ["cm", "elec"], ["elec-embedded", "cm-hydraulic-system-design"], P, 20, null, null, 10, 4.40m),
        E(25, "韩冰", "数字孪生与产线仿真。", "武汉智造", Sen, PL, "420100", ["auto"], [], A, 10, null, null, 13, 4.75m),
        E(26, "唐诗", "电路板设计与嵌入式开发。", "长江存储", Eng, No, "420100", ["elec"], ["elec-pcb", "elec-embedded"], F | P, 30, null, null, 7, 4.10m),
        E(27, "冯雪", "液压元件装配工艺。", "宜昌液压件厂", Tech, No, "420500", ["cm"], [], F, 40, null, null, 6, 3.60m),
        E(28, "董明", "轨道交通信号系统维护。", "武汉地铁", Eng, No, "420100", ["rail"], ["rail-signal"], T, 20, D("2026-09-01"), null, 9, 4.00m),
        E(29, "萧然", "工业机器人调试与视觉定位。", "长沙智能", Eng, PY, "430100", ["auto"], ["auto-robot"], P, 20, null, null, 6, 4.45m),
        E(30, "程远", "整车焊接车间工艺管理。", "广汽长沙", Sen, No, "430100", ["auto"], ["cm-welding"], A, 6, null, null, 20, 4.55m),
        E(31, "曹阳", "无人机飞控嵌入式开发。", "株洲航发", Eng, No, "430200", ["elec"], ["elec-embedded"], P, 20, null, null, 8, 4.25m),
        E(32, "袁野", "桥梁钢构件焊接。", "中铁大桥局", Asst, No, "420100", ["rail", "cm"], ["cm-welding"], F, 24, null, null, 5, 3.95m),
        E(33, "邓超", "液压系统设计与节能改造。", "湖南建工", Eng, No, "430200", ["cm"], ["cm-hydraulic-system-design"], P | T, 20, null, null, 9, 4.35m),
        E(34, "许晴", "质量体系审核与供应商管理。", "吉利汽车", Eng, No, "420500", ["auto"], [], A, 10, null, null, 12, 4.15m),
        E(35, "傅磊", "PLC编程与数控改造。", "宜昌机床厂", Eng, No, "420500", ["auto", "cm"], ["auto-plc", "cm-cnc"], P, 20, null, null, 11, 4.20m),
        E(36, "沈括", "高铁接触网检测。", "中铁武汉", Sen, No, "420100", ["rail"], [], A, 8, null, null, 21, 4.60m),
        E(37, "曾琪", "电动汽车电池包结构设计。", "比亚迪长沙", Eng, No, "430100", ["auto"], [], P, 20, null, null, 6, 4.05m),
        E(38, "彭飞", "起重机液压系统设计。", "中联重科", Sen, PL, "430100", ["cm"], ["cm-hydraulic-system-design"], P, 20, null, null, 17, 4.70m),
        E(39, "吕方", "工程机械再制造与焊接修复。", "三一重工", Eng, No, "430100", ["cm"], ["cm-welding"], T, 12, null, null, 10, 4.30m),
        E(40, "苏杭", "半导体设备电气维护。", "长江存储", Asst, No, "420100", ["elec"], [], F, 24, null, null, 4, 3.85m),
    ];

    /// <summary>Everything the text fields hold, one field per line (a match never spans two fields).</summary>
    public static string Haystack(EngineerSearchDocument e) => string.Join("\n",
        e.Name, string.Join("、", e.SkillNames), string.Join("、", new[] { e.TitleName, e.TierName, e.CityName }.Concat(e.ClusterNames).Where(s => s.Length > 0)),
        e.EmployerName, e.Bio);

    /// <summary>The ids whose text holds every whitespace-separated Chinese word as written, in id order.</summary>
    public static List<Guid> Matching(string text) => All
        .Where(e => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(w => Haystack(e).Contains(w, StringComparison.Ordinal)))
        .Select(e => e.Id).ToList();

    /// <summary>Retrieval for matching: ids whose skill names or labels (title, tier, city, clusters) hold any of the words.</summary>
    public static List<Guid> MatchingAnyKeyword(string text) => All
        .Where(e => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w =>
            string.Join("\n", e.SkillNames.Concat(new[] { e.TitleName, e.TierName, e.CityName }).Concat(e.ClusterNames)).Contains(w, StringComparison.Ordinal)))
        .Select(e => e.Id).ToList();

    public static List<Guid> Where(Func<EngineerSearchDocument, bool> predicate) => All.Where(predicate).Select(e => e.Id).ToList();

    public static bool IsAvailable(EngineerSearchDocument e) => EngineerFacets.IsAvailable(e.HoursPerMonth, e.AvailableFrom, e.AvailableUntil, Today);

    public static IEnumerable<string> ModesOf(EngineerSearchDocument e) =>
        Enum.GetValues<ServiceModes>().Where(m => m != ServiceModes.None && e.ServiceModes.HasFlag(m)).Select(m => m.ToString());

    /// <summary>What a dimension's facet should count over these engineers: value → engineers having it.</summary>
    public static Dictionary<string, int> Counts(IEnumerable<EngineerSearchDocument> engineers, string dimension) =>
        engineers.SelectMany(e => dimension switch
            {
                EngineerFacets.Cluster => e.ClusterCodes.Distinct(),
                EngineerFacets.Skill => e.SkillCodes.Distinct(),
                EngineerFacets.City => [e.CityCode],
                EngineerFacets.Title => [e.Title.ToString()],
                EngineerFacets.Tier => [e.Tier.ToString()],
                EngineerFacets.ServiceMode => ModesOf(e),
                EngineerFacets.Availability => [IsAvailable(e) ? EngineerFacets.AvailableNow : EngineerFacets.NotAvailableNow],
                _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
            })
            .GroupBy(v => v, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static EngineerSearchDocument E(
        int n, string name, string bio, string employer, ProfessionalTitle title, ExcellenceTier tier, string city,
        string[] clusters, string[] skills, ServiceModes modes, int hours, DateOnly? from, DateOnly? until, int years, decimal rating) =>
        new(Id(n), name, bio, employer, title, TitleNames[title], tier, TierNames[tier], city, Cities[city],
            clusters, clusters.Select(c => Clusters[c]).ToList(), skills, skills.Select(s => Skills[s]).ToList(),
            modes, hours, from, until, years, rating);
}
