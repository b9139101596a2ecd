using Marketplace.Domain.Common;

namespace Marketplace.Domain.Outcomes;

/// <summary>
/// What the platform cannot see for itself and the operator enters with evidence (issue 8 item 1): 标准制定, 知识产权,
/// 设备与平台资源开放共享, and the funds received and spent (财政资金 / 自筹资金, 第十三条).
/// </summary>
public enum OutcomeEntryKind
{
    Standard = 1,
    IntellectualProperty = 2,
    Equipment = 3,
    FundReceived = 4,
    FundSpent = 5,
}

/// <summary>Where money came from: 财政资金 (fiscal) or 自筹资金 (self-raised), the two the report must show apart.</summary>
public enum FundSource
{
    Fiscal = 1,
    SelfRaised = 2,
}

/// <summary>
/// One manually entered outcome of a center or studio, owned by its organization, dated, with the evidence file that
/// backs it. The subtype is one of a closed list per kind (a standard's level and role, an IP right's kind, a shared
/// resource's kind, a spending category), so figures can be broken down without free-text guessing.
/// </summary>
public sealed class OutcomeEntry
{
    public const int TitleMaxLength = 200;
    public const int DetailMaxLength = 2000;
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>The subtypes per kind, code → Chinese name. Standards: level × role (主导 = led, 参与 = took part).</summary>
    public static readonly IReadOnlyDictionary<OutcomeEntryKind, IReadOnlyDictionary<string, string>> Subtypes =
        new Dictionary<OutcomeEntryKind, IReadOnlyDictionary<string, string>>
        {
            [OutcomeEntryKind.Standard] = new Dictionary<string, string>
            {
                ["national-led"] = "国家标准（牵头）", ["industry-led"] = "行业标准（牵头）", ["provincial-led"] = "地方标准（牵头）",
                ["group-led"] = "团体标准（牵头）", ["participated"] = "参与制定",
            },
            [OutcomeEntryKind.IntellectualProperty] = new Dictionary<string, string>
            {
                ["invention"] = "发明专利", ["utility"] = "实用新型专利", ["design"] = "外观设计专利", ["software"] = "软件著作权",
                ["other"] = "其他知识产权",
            },
            [OutcomeEntryKind.Equipment] = new Dictionary<string, string>
            {
                ["equipment"] = "仪器设备", ["software"] = "软件平台", ["lab"] = "实验室 / 中试线", ["data"] = "数据资源",
            },
            [OutcomeEntryKind.FundReceived] = new Dictionary<string, string>
            {
                ["grant"] = "专项资金 / 补助", ["service-income"] = "技术服务收入", ["investment"] = "单位投入", ["other"] = "其他来源",
            },
            [OutcomeEntryKind.FundSpent] = new Dictionary<string, string>
            {
                ["equipment"] = "设备购置", ["talent"] = "人才引进与薪酬", ["training"] = "培训交流", ["service"] = "技术服务与攻关",
                ["operation"] = "平台运行维护", ["other"] = "其他支出",
            },
        };

    private OutcomeEntry() { }

    public Guid Id { get; private set; }

    public Guid OwnerOrganizationId { get; private set; }

    public OutcomeEntryKind Kind { get; private set; }

    public string Subtype { get; private set; } = "";

    public string Title { get; private set; } = "";

    public DateOnly OccurredOn { get; private set; }

    /// <summary>Funds only: the amount in CNY.</summary>
    public decimal? Amount { get; private set; }

    /// <summary>Funds only: fiscal or self-raised.</summary>
    public FundSource? Source { get; private set; }

    /// <summary>Equipment only: how many times the resource was used by others in the entry's period (开放共享次数).</summary>
    public int? TimesShared { get; private set; }

    /// <summary>Number of the standard or the right, the parties, or what the money was for.</summary>
    public string? Detail { get; private set; }

    public Guid EvidenceFileId { get; private set; }

    public string EvidenceFileName { get; private set; } = "";

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsFund => Kind is OutcomeEntryKind.FundReceived or OutcomeEntryKind.FundSpent;

    public string SubtypeName => Subtypes[Kind].GetValueOrDefault(Subtype, Subtype);

    /// <summary>A standard the organization led (牵头), as the rubric's 4.3 counts; 参与 does not count as led.</summary>
    public bool IsLedStandard => Kind == OutcomeEntryKind.Standard && Subtype.EndsWith("-led", StringComparison.Ordinal);

    public Guid? UpdatedBy { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL xmin): two people correcting one entry cannot overwrite each other.</summary>
    public uint Version { get; private set; }

    public static OutcomeEntry Record(
        Guid id, Guid ownerOrganizationId, OutcomeEntryKind kind, string subtype, string title, DateOnly occurredOn, decimal? amount, FundSource? source,
        int? timesShared, string? detail, Guid evidenceFileId, string evidenceFileName, Guid userId, DateOnly today, DateTimeOffset now)
    {
        var entry = new OutcomeEntry { Id = id, OwnerOrganizationId = ownerOrganizationId, CreatedBy = userId, CreatedAt = now };
        entry.Apply(kind, subtype, title, occurredOn, amount, source, timesShared, detail, evidenceFileId, evidenceFileName, today);
        return entry;
    }

    /// <summary>
    /// 修改: every field again, under the same rules as a new entry; the evidence stays unless a new file replaces it.
    /// An entry of a year whose report the province has received cannot change, nor can an entry move into such a year
    /// (<see cref="EnsureChangeable"/> is the caller's check, since the receipt lives on the center).
    /// </summary>
    public void Revise(
        OutcomeEntryKind kind, string subtype, string title, DateOnly occurredOn, decimal? amount, FundSource? source, int? timesShared, string? detail,
        Guid? newEvidenceFileId, string? newEvidenceFileName, Guid userId, DateOnly today, DateTimeOffset now)
    {
        Apply(kind, subtype, title, occurredOn, amount, source, timesShared, detail, newEvidenceFileId ?? EvidenceFileId, newEvidenceFileName ?? EvidenceFileName, today);
        UpdatedBy = userId;
        UpdatedAt = now;
    }

    /// <summary>
    /// The figures of a year whose annual report the province has received are on file: its entries are the record of
    /// what was reported and stay as they were (decision 90). Before the receipt they may be corrected and the report filed again.
    /// </summary>
    public static void EnsureChangeable(DateOnly occurredOn, IReadOnlyCollection<int> receivedYears, string what)
    {
        ArgumentNullException.ThrowIfNull(receivedYears);
        if (receivedYears.Contains(occurredOn.Year))
        {
            throw new DomainConflictException(
                "年度报告已接收", $"{occurredOn.Year}年度报告已由省级主管部门接收，该年度的成果记录不能再{what}。", "entry_year_received");
        }
    }

    private void Apply(
        OutcomeEntryKind kind, string subtype, string title, DateOnly occurredOn, decimal? amount, FundSource? source, int? timesShared, string? detail,
        Guid evidenceFileId, string evidenceFileName, DateOnly today)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("成果类型无效", "请选择标准、知识产权、设备共享、资金到位或资金支出之一。", "entry_kind_invalid");
        }

        if (!Subtypes[kind].ContainsKey(subtype ?? ""))
        {
            throw new DomainException("成果子类无效", $"“{subtype}”不是此类成果的子类，可选：{string.Join("、", Subtypes[kind].Values)}。", "entry_subtype_invalid");
        }

        if (occurredOn > today)
        {
            throw new DomainException("日期无效", "成果日期不能晚于今天。", "entry_date_future");
        }

        var fund = kind is OutcomeEntryKind.FundReceived or OutcomeEntryKind.FundSpent;
        if (fund)
        {
            if (amount is not { } a || a <= 0 || a > MaxAmount)
            {
                throw new DomainException("金额无效", $"资金金额须大于 0 且不超过 {MaxAmount:N0} 元。", "entry_amount_invalid");
            }

            if (source is not { } s || !Enum.IsDefined(s))
            {
                throw new DomainException("资金来源无效", "请选择财政资金或自筹资金。", "entry_source_required");
            }
        }
        else if (amount is not null || source is not null)
        {
            throw new DomainException("字段不适用", "只有资金类成果填写金额和来源。", "entry_amount_not_allowed");
        }

        if (kind == OutcomeEntryKind.Equipment)
        {
            if (timesShared is not { } t || t < 0 || t > 1_000_000)
            {
                throw new DomainException("共享次数无效", "请填写设备或平台资源对外开放共享的次数（0–1000000）。", "entry_times_invalid");
            }
        }
        else if (timesShared is not null)
        {
            throw new DomainException("字段不适用", "只有设备共享填写共享次数。", "entry_times_not_allowed");
        }

        if (evidenceFileId == Guid.Empty)
        {
            throw new DomainException("缺少证明材料", "每条成果都须上传证明材料（PDF、JPG 或 PNG）。", "entry_evidence_required");
        }

        // Validated first, assigned after: a refused revision leaves the entry as it was.
        var validTitle = Guard.Text(title, "名称", TitleMaxLength);
        var validDetail = Guard.OptionalText(detail, "说明", DetailMaxLength);
        Kind = kind;
        Subtype = subtype!;
        Title = validTitle;
        OccurredOn = occurredOn;
        Amount = fund ? amount : null;
        Source = fund ? source : null;
        TimesShared = kind == OutcomeEntryKind.Equipment ? timesShared : null;
        Detail = validDetail;
        EvidenceFileId = evidenceFileId;
        EvidenceFileName = evidenceFileName;
    }

    public static string KindName(OutcomeEntryKind kind) => kind switch
    {
        OutcomeEntryKind.Standard => "标准制定",
        OutcomeEntryKind.IntellectualProperty => "知识产权",
        OutcomeEntryKind.Equipment => "设备与平台资源共享",
        OutcomeEntryKind.FundReceived => "资金到位",
        OutcomeEntryKind.FundSpent => "资金支出",
        _ => kind.ToString(),
    };

    public static string SourceName(FundSource? source) => source switch
    {
        FundSource.Fiscal => "财政资金",
        FundSource.SelfRaised => "自筹资金",
        _ => "",
    };
}

/// <summary>The evidence file of an outcome entry (bytes included; project them away when listing).</summary>
public sealed class OutcomeEvidenceFile
{
    private OutcomeEvidenceFile() { }

    public Guid Id { get; private set; }

    public Guid OwnerOrganizationId { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public int Size { get; private set; }

    public byte[] Content { get; private set; } = [];

    public DateTimeOffset UploadedAt { get; private set; }

    public static OutcomeEvidenceFile Create(Guid id, Guid ownerOrganizationId, Marketplace.Domain.Engineers.EvidenceFile file, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new OutcomeEvidenceFile
        {
            Id = id,
            OwnerOrganizationId = ownerOrganizationId,
            FileName = file.FileName,
            ContentType = file.ContentType,
            Size = file.Content.Length,
            Content = file.Content,
            UploadedAt = now,
        };
    }
}
