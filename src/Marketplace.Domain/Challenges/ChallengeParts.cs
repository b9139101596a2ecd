namespace Marketplace.Domain.Challenges;

/// <summary>An awarded application as the listing keeps it: its team's shares are copied at award and never change.</summary>
public sealed class ChallengeAward
{
    private ChallengeAward() { }

    internal ChallengeAward(Guid applicationId, IReadOnlyList<AwardShare> shares, DateTimeOffset now)
    {
        ApplicationId = applicationId;
        Shares = [.. shares];
        AwardedAt = now;
        LastActivityAt = now;
        Status = AwardStatus.Active;
    }

    public Guid ApplicationId { get; private set; }

    public List<AwardShare> Shares { get; private set; } = [];

    public DateTimeOffset AwardedAt { get; private set; }

    /// <summary>The last time the takers did something on the listing; abandonment is measured from here.</summary>
    public DateTimeOffset LastActivityAt { get; private set; }

    public AwardStatus Status { get; private set; }

    public bool HasMember(Guid engineerId) => Shares.Any(s => s.EngineerId == engineerId);

    internal void Touch(DateTimeOffset now) => LastActivityAt = now;

    internal void End(AwardStatus status) => Status = status;
}

public sealed record AwardShare(Guid EngineerId, int SharePercent);

public enum AwardStatus
{
    Active = 0,
    Eliminated = 1,
    Abandoned = 2,
}

public enum MilestoneStatus
{
    /// <summary>待交付.</summary>
    Pending = 0,

    /// <summary>已提交待验收.</summary>
    Delivered = 1,

    /// <summary>已验收.</summary>
    Accepted = 2,

    /// <summary>退回修改.</summary>
    SentBack = 3,
}

/// <summary>A stage of the work with a due date and the part of the bounty released when the company accepts it.</summary>
public sealed class Milestone
{
    public const int TitleMaxLength = 100;
    public const int NoteMaxLength = 2000;

    private Milestone() { }

    internal Milestone(Guid id, int sequence, string title, DateOnly dueDate, decimal amount)
    {
        Id = id;
        Sequence = sequence;
        Title = title;
        DueDate = dueDate;
        Amount = amount;
    }

    public Guid Id { get; private set; }

    public int Sequence { get; private set; }

    public string Title { get; private set; } = "";

    public DateOnly DueDate { get; private set; }

    public decimal Amount { get; private set; }

    public MilestoneStatus Status { get; private set; }

    public string? DeliveryNote { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public string? ReviewComment { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    /// <summary>Which award's team delivered it (and was paid for it), for re-awards after abandonment.</summary>
    public Guid? DeliveredByApplicationId { get; private set; }

    internal void Deliver(Guid applicationId, string note, DateTimeOffset now)
    {
        Status = MilestoneStatus.Delivered;
        DeliveryNote = note;
        DeliveredAt = now;
        DeliveredByApplicationId = applicationId;
    }

    internal void Review(bool accept, string? comment, DateTimeOffset now)
    {
        ReviewComment = comment;
        Status = accept ? MilestoneStatus.Accepted : MilestoneStatus.SentBack;
        AcceptedAt = accept ? now : null;
    }
}

public sealed record MilestonePlan(string Title, DateOnly DueDate, decimal Amount);

/// <summary>车间验题: who verified, where, the result and the report.</summary>
public sealed record WorkshopVerification(
    Guid RecordedByUserId,
    string VerifierName,
    string Location,
    bool Passed,
    string Report,
    DateTimeOffset VerifiedAt);

/// <summary>市场评价: the company's rating and the economic effect, at settlement and again 3, 6 and 12 months after.</summary>
public sealed record MarketEvaluation(
    int MonthsAfterSettlement,
    int Rating,
    decimal CostSaved,
    decimal OutputAdded,
    string? Note,
    Guid RecordedByUserId,
    DateTimeOffset RecordedAt);

/// <summary>A question asked on a listing and the company's answer, visible to everyone who can see the listing.</summary>
public sealed class ChallengeQuestion
{
    public const int TextMaxLength = 1000;

    private ChallengeQuestion() { }

    internal ChallengeQuestion(Guid id, Guid askedByUserId, string text, DateTimeOffset now)
    {
        Id = id;
        AskedByUserId = askedByUserId;
        Text = text;
        AskedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid AskedByUserId { get; private set; }

    public string Text { get; private set; } = "";

    public DateTimeOffset AskedAt { get; private set; }

    public string? Answer { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    internal void SetAnswer(string answer, DateTimeOffset now)
    {
        Answer = answer;
        AnsweredAt = now;
    }
}

public sealed record NdaAcceptance(Guid EngineerId, DateTimeOffset AcceptedAt);

public enum LedgerEntryKind
{
    /// <summary>承诺: bounty plus support set aside at the first award.</summary>
    Committed = 1,

    /// <summary>释放: a member's part of an accepted milestone.</summary>
    Released = 2,

    /// <summary>作废: what was committed and not released when the listing is cancelled.</summary>
    Voided = 3,
}

/// <summary>A line of the settlement ledger. A record of money owed, not a payment.</summary>
public sealed record LedgerEntry(
    Guid Id,
    LedgerEntryKind Kind,
    decimal Amount,
    Guid? MilestoneId,
    Guid? ApplicationId,
    Guid? EngineerId,
    DateTimeOffset At);

/// <summary>One line of the audit trail: every state change and every action that moves money or people.</summary>
public sealed record ChallengeAuditEntry(
    DateTimeOffset At,
    Guid? ActorUserId,
    ChallengeParty Party,
    ChallengeAction Action,
    ChallengeStatus From,
    ChallengeStatus To,
    string? Reason);
