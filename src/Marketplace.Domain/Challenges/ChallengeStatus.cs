namespace Marketplace.Domain.Challenges;

/// <summary>
/// The 揭榜挂帅 life cycle (DOMAIN.md §1): 企业出题 → 政府助题 → 人才答题 → 车间验题 → 市场评价.
/// Main line from <see cref="Draft"/> to <see cref="Settled"/>; side exits are withdrawn, expired (流榜), cancelled
/// and a failed workshop verification.
/// </summary>
public enum ChallengeStatus
{
    /// <summary>草稿: the company is still writing it; only the company sees it.</summary>
    Draft = 0,

    /// <summary>待审核: submitted for the center's review.</summary>
    Submitted = 1,

    /// <summary>揭榜中: published, taking applications until the deadline.</summary>
    Published = 2,

    /// <summary>揭榜截止: the deadline passed (or the company closed early) with at least one application.</summary>
    ApplicationsClosed = 3,

    /// <summary>评审中: the company (optionally with an expert panel) scores and ranks the applications.</summary>
    UnderEvaluation = 4,

    /// <summary>已定榜 (挂帅): one taker, or several in 赛马 mode, awarded; the bounty is committed.</summary>
    Awarded = 5,

    /// <summary>攻关中: milestones being delivered and accepted.</summary>
    InProgress = 6,

    /// <summary>已交付·待验题: delivered, waiting for the workshop verification (车间验题).</summary>
    Delivered = 7,

    /// <summary>验题未通过: the workshop verification failed; the taker may redeliver once.</summary>
    VerificationFailed = 8,

    /// <summary>市场评价中: verified; the company records the rating and the economic effect.</summary>
    MarketEvaluation = 9,

    /// <summary>已结算: money recorded as released and split; follow-up evaluations at 3, 6 and 12 months.</summary>
    Settled = 10,

    /// <summary>已撤回: the company took the listing back before anyone was awarded.</summary>
    Withdrawn = 11,

    /// <summary>流榜: the deadline passed with no application.</summary>
    Expired = 12,

    /// <summary>已取消: stopped by the company or the center after publication, with a reason.</summary>
    Cancelled = 13,
}

public static class ChallengeStatusNames
{
    public static string Chinese(this ChallengeStatus status) => status switch
    {
        ChallengeStatus.Draft => "草稿",
        ChallengeStatus.Submitted => "待审核",
        ChallengeStatus.Published => "揭榜中",
        ChallengeStatus.ApplicationsClosed => "揭榜截止",
        ChallengeStatus.UnderEvaluation => "评审中",
        ChallengeStatus.Awarded => "已定榜",
        ChallengeStatus.InProgress => "攻关中",
        ChallengeStatus.Delivered => "已交付待验题",
        ChallengeStatus.VerificationFailed => "验题未通过",
        ChallengeStatus.MarketEvaluation => "市场评价中",
        ChallengeStatus.Settled => "已结算",
        ChallengeStatus.Withdrawn => "已撤回",
        ChallengeStatus.Expired => "流榜",
        ChallengeStatus.Cancelled => "已取消",
        _ => status.ToString(),
    };

    /// <summary>States a listing never leaves.</summary>
    public static bool IsFinal(this ChallengeStatus status) =>
        status is ChallengeStatus.Settled or ChallengeStatus.Withdrawn or ChallengeStatus.Expired or ChallengeStatus.Cancelled;
}
