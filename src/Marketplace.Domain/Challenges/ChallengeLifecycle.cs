using Marketplace.Domain.Common;

namespace Marketplace.Domain.Challenges;

/// <summary>
/// Who is acting, relative to one listing. The application layer works this out from the signed-in user and the
/// listing (a company user of the owning organization is the <see cref="Owner"/>, a member of an awarded team is a
/// <see cref="Taker"/>); the domain only decides what each party may do.
/// </summary>
public enum ChallengeParty
{
    /// <summary>发榜企业: a user of the company that posted the listing.</summary>
    Owner,

    /// <summary>中心运营方: reviews, publishes, adds support (政府助题), may verify and cancel.</summary>
    Operator,

    /// <summary>Any engineer who is not (yet) an awarded taker: applies, asks questions.</summary>
    Engineer,

    /// <summary>揭榜方: a member of an awarded application's team.</summary>
    Taker,

    /// <summary>评审专家: scores applications when the company asks for a panel.</summary>
    Expert,

    /// <summary>The platform's own background service (deadlines).</summary>
    System,
}

/// <summary>Every action on a listing that the life cycle governs.</summary>
public enum ChallengeAction
{
    Edit,
    Submit,
    RequestChanges,
    Publish,
    AddSupport,
    Withdraw,
    CloseApplications,
    Expire,
    Apply,
    AskQuestion,
    AnswerQuestion,
    StartEvaluation,
    AssignPanel,
    ScoreApplication,
    Award,
    Reopen,
    DefineMilestones,
    StartWork,
    DownSelect,
    DeliverMilestone,
    ReviewMilestone,
    Deliver,
    RecordVerification,
    Redeliver,
    RecordMarketEvaluation,
    Settle,
    DeclareAbandoned,
    Cancel,
}

/// <summary>One row of the life-cycle table: in which states an action may be taken, by whom, and where it leads.</summary>
/// <param name="To">The state the action moves to, or null when it leaves the state as it is (or depends on data, see the action).</param>
public sealed record ChallengeRule(ChallengeAction Action, string ChineseName, IReadOnlySet<ChallengeStatus> From, IReadOnlySet<ChallengeParty> By, ChallengeStatus? To);

/// <summary>
/// The life cycle as data, so that the UI can offer exactly the allowed actions, the API can explain a refusal, and a
/// test can walk every (state, action, party) triple. Conditions that depend on more than the state (deadline passed,
/// all milestones accepted, redelivery not yet used) are checked by <see cref="Challenge"/> after this table allows it.
/// </summary>
public static class ChallengeLifecycle
{
    private static readonly ChallengeStatus[] Open = [ChallengeStatus.Published];

    private static readonly ChallengeStatus[] AfterAward =
        [ChallengeStatus.Awarded, ChallengeStatus.InProgress];

    public static readonly IReadOnlyList<ChallengeRule> Rules =
    [
        Rule(ChallengeAction.Edit, "编辑榜单", [ChallengeStatus.Draft], [ChallengeParty.Owner]),
        Rule(ChallengeAction.Submit, "提交审核", [ChallengeStatus.Draft], [ChallengeParty.Owner], ChallengeStatus.Submitted),
        Rule(ChallengeAction.RequestChanges, "退回修改", [ChallengeStatus.Submitted], [ChallengeParty.Operator], ChallengeStatus.Draft),
        Rule(ChallengeAction.Publish, "审核发布", [ChallengeStatus.Submitted], [ChallengeParty.Operator], ChallengeStatus.Published),
        Rule(ChallengeAction.AddSupport, "政府助题", [ChallengeStatus.Submitted, ChallengeStatus.Published, ChallengeStatus.ApplicationsClosed, ChallengeStatus.UnderEvaluation], [ChallengeParty.Operator]),
        Rule(ChallengeAction.Withdraw, "撤回榜单", [ChallengeStatus.Draft, ChallengeStatus.Submitted, ChallengeStatus.Published], [ChallengeParty.Owner], ChallengeStatus.Withdrawn),
        Rule(ChallengeAction.CloseApplications, "截止揭榜", Open, [ChallengeParty.Owner, ChallengeParty.System], ChallengeStatus.ApplicationsClosed),
        Rule(ChallengeAction.Expire, "流榜", Open, [ChallengeParty.System], ChallengeStatus.Expired),
        Rule(ChallengeAction.Apply, "揭榜申请", Open, [ChallengeParty.Engineer]),
        Rule(ChallengeAction.AskQuestion, "提问", Open, [ChallengeParty.Engineer]),
        Rule(ChallengeAction.AnswerQuestion, "答复提问", [ChallengeStatus.Published, ChallengeStatus.ApplicationsClosed, ChallengeStatus.UnderEvaluation], [ChallengeParty.Owner]),
        Rule(ChallengeAction.StartEvaluation, "开始评审", [ChallengeStatus.ApplicationsClosed], [ChallengeParty.Owner], ChallengeStatus.UnderEvaluation),
        Rule(ChallengeAction.AssignPanel, "组建评审专家组", [ChallengeStatus.Published, ChallengeStatus.ApplicationsClosed, ChallengeStatus.UnderEvaluation], [ChallengeParty.Owner]),
        Rule(ChallengeAction.ScoreApplication, "评分", [ChallengeStatus.UnderEvaluation], [ChallengeParty.Owner, ChallengeParty.Expert]),
        Rule(ChallengeAction.Award, "定榜", [ChallengeStatus.UnderEvaluation, ChallengeStatus.Awarded], [ChallengeParty.Owner], ChallengeStatus.Awarded),
        Rule(ChallengeAction.Reopen, "重新发榜", [ChallengeStatus.UnderEvaluation], [ChallengeParty.Owner], ChallengeStatus.Published),
        Rule(ChallengeAction.DefineMilestones, "设定里程碑", [ChallengeStatus.Awarded], [ChallengeParty.Owner]),
        Rule(ChallengeAction.StartWork, "开始攻关", [ChallengeStatus.Awarded], [ChallengeParty.Taker], ChallengeStatus.InProgress),
        Rule(ChallengeAction.DownSelect, "赛马择优", [ChallengeStatus.InProgress], [ChallengeParty.Owner]),
        Rule(ChallengeAction.DeliverMilestone, "提交里程碑成果", [ChallengeStatus.InProgress], [ChallengeParty.Taker]),
        Rule(ChallengeAction.ReviewMilestone, "验收里程碑", [ChallengeStatus.InProgress], [ChallengeParty.Owner]),
        Rule(ChallengeAction.Deliver, "交付成果", [ChallengeStatus.InProgress], [ChallengeParty.Taker], ChallengeStatus.Delivered),
        Rule(ChallengeAction.RecordVerification, "车间验题", [ChallengeStatus.Delivered], [ChallengeParty.Owner, ChallengeParty.Operator]),
        Rule(ChallengeAction.Redeliver, "重新交付", [ChallengeStatus.VerificationFailed], [ChallengeParty.Taker], ChallengeStatus.Delivered),
        Rule(ChallengeAction.RecordMarketEvaluation, "市场评价", [ChallengeStatus.MarketEvaluation, ChallengeStatus.Settled], [ChallengeParty.Owner]),
        Rule(ChallengeAction.Settle, "结算", [ChallengeStatus.MarketEvaluation], [ChallengeParty.Owner, ChallengeParty.Operator], ChallengeStatus.Settled),
        Rule(ChallengeAction.DeclareAbandoned, "认定弃榜", AfterAward, [ChallengeParty.Owner]),
        Rule(ChallengeAction.Cancel, "取消榜单",
            [ChallengeStatus.Published, ChallengeStatus.ApplicationsClosed, ChallengeStatus.UnderEvaluation, ChallengeStatus.Awarded,
             ChallengeStatus.InProgress, ChallengeStatus.VerificationFailed],
            [ChallengeParty.Owner, ChallengeParty.Operator], ChallengeStatus.Cancelled),
    ];

    private static readonly Dictionary<ChallengeAction, ChallengeRule> ByAction = Rules.ToDictionary(r => r.Action);

    public static ChallengeRule RuleFor(ChallengeAction action) => ByAction[action];

    public static bool IsAllowed(ChallengeAction action, ChallengeStatus status, ChallengeParty party)
    {
        var rule = ByAction[action];
        return rule.From.Contains(status) && rule.By.Contains(party);
    }

    /// <summary>What a party may do in a state: the buttons the UI shows.</summary>
    public static IReadOnlyList<ChallengeRule> AllowedFor(ChallengeStatus status, ChallengeParty party) =>
        Rules.Where(r => r.From.Contains(status) && r.By.Contains(party)).ToList();

    /// <summary>
    /// Throws when the table does not allow the action: 403 when this party may never take it, 409 when the state is
    /// wrong, naming the current state and what can be done in it.
    /// </summary>
    public static void Ensure(ChallengeAction action, ChallengeStatus status, ChallengeParty party)
    {
        var rule = ByAction[action];
        if (!rule.By.Contains(party))
        {
            throw new DomainForbiddenException(
                "无权执行该操作",
                $"「{rule.ChineseName}」只能由{string.Join("、", rule.By.Select(PartyName))}执行。",
                "challenge_forbidden");
        }

        if (!rule.From.Contains(status))
        {
            var allowed = Rules.Where(r => r.From.Contains(status)).Select(r => r.ChineseName).ToList();
            var hint = allowed.Count == 0 ? "该状态下不能再进行任何操作" : "该状态下可以：" + string.Join("、", allowed);
            throw new DomainConflictException(
                "当前状态不允许该操作",
                $"榜单当前状态为「{status.Chinese()}」，不能「{rule.ChineseName}」；{hint}。",
                "challenge_invalid_state");
        }
    }

    public static string PartyName(ChallengeParty party) => party switch
    {
        ChallengeParty.Owner => "发榜企业",
        ChallengeParty.Operator => "中心运营方",
        ChallengeParty.Engineer => "工程师",
        ChallengeParty.Taker => "揭榜方",
        ChallengeParty.Expert => "评审专家",
        ChallengeParty.System => "平台",
        _ => party.ToString(),
    };

    private static ChallengeRule Rule(ChallengeAction action, string name, ChallengeStatus[] from, ChallengeParty[] by, ChallengeStatus? to = null) =>
        new(action, name, from.ToHashSet(), by.ToHashSet(), to);
}
