using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Tests.Challenges;

/// <summary>
/// Walks every (state, action, party) triple through the aggregate's own methods and checks the outcome against the
/// rules of DOMAIN.md §1 and the challenge-board issue, written out below independently of the production table.
/// </summary>
public sealed class ChallengeLifecycleTests
{
    // action                 | who may                      | in which states
    private const string Spec = """
        Edit                   | Owner                        | Draft
        Submit                 | Owner                        | Draft
        RequestChanges         | Operator                     | Submitted
        Publish                | Operator                     | Submitted
        AddSupport             | Operator                     | Submitted Published ApplicationsClosed UnderEvaluation
        Withdraw               | Owner                        | Draft Submitted Published
        CloseApplications      | Owner System                 | Published
        Expire                 | System                       | Published
        Apply                  | Engineer                     | Published
        AskQuestion            | Engineer                     | Published
        AnswerQuestion         | Owner                        | Published ApplicationsClosed UnderEvaluation
        StartEvaluation        | Owner                        | ApplicationsClosed
        AssignPanel            | Owner                        | Published ApplicationsClosed UnderEvaluation
        ScoreApplication       | Owner Expert                 | UnderEvaluation
        Award                  | Owner                        | UnderEvaluation Awarded
        Reopen                 | Owner                        | UnderEvaluation
        DefineMilestones       | Owner                        | Awarded
        StartWork              | Taker                        | Awarded
        DownSelect             | Owner                        | InProgress
        DeliverMilestone       | Taker                        | InProgress
        ReviewMilestone        | Owner                        | InProgress
        Deliver                | Taker                        | InProgress
        RecordVerification     | Owner Operator               | Delivered
        Redeliver              | Taker                        | VerificationFailed
        RecordMarketEvaluation | Owner                        | MarketEvaluation Settled
        Settle                 | Owner Operator               | MarketEvaluation
        DeclareAbandoned       | Owner                        | Awarded InProgress
        Cancel                 | Owner Operator               | Published ApplicationsClosed UnderEvaluation Awarded InProgress VerificationFailed
        """;

    private static readonly Dictionary<ChallengeAction, (HashSet<ChallengeParty> By, HashSet<ChallengeStatus> In)> Expected =
        Spec.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(
                cells => Enum.Parse<ChallengeAction>(cells[0]),
                cells => (cells[1].Split(' ').Select(Enum.Parse<ChallengeParty>).ToHashSet(), cells[2].Split(' ').Select(Enum.Parse<ChallengeStatus>).ToHashSet()));

    public static TheoryData<ChallengeStatus> States => [.. Enum.GetValues<ChallengeStatus>()];

    [Fact]
    public void The_spec_covers_every_action()
    {
        Assert.Equal(Enum.GetValues<ChallengeAction>().Order(), Expected.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(States))]
    public void Every_action_by_every_party_is_allowed_or_denied_as_the_rules_say(ChallengeStatus state)
    {
        var wrong = new List<string>();
        foreach (var action in Enum.GetValues<ChallengeAction>())
        {
            foreach (var party in Enum.GetValues<ChallengeParty>())
            {
                var s = ChallengeScenario.InState(state);
                Assert.Equal(state, s.Challenge.Status);
                var outcome = Attempt(s, action, party);
                var (by, @in) = Expected[action];
                var expected = !by.Contains(party) ? Outcome.Forbidden : !@in.Contains(state) ? Outcome.WrongState : Outcome.Passed;
                if (outcome != expected)
                {
                    wrong.Add($"{action} by {party} in {state}: expected {expected}, got {outcome}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void A_state_refusal_names_the_current_state_and_what_is_allowed_in_it()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.Published);
        var error = Assert.Throws<DomainConflictException>(() => s.Challenge.Submit(s.Owner, s.Tick()));
        Assert.Contains("「揭榜中」", error.Message, StringComparison.Ordinal);
        Assert.Contains("提交审核", error.Message, StringComparison.Ordinal);
        Assert.Contains("揭榜申请", error.Message, StringComparison.Ordinal);
        Assert.Equal("challenge_invalid_state", error.Code);
    }

    [Fact]
    public void The_table_offers_each_party_only_what_it_may_do()
    {
        Assert.Equal(
            [ChallengeAction.Withdraw, ChallengeAction.CloseApplications, ChallengeAction.AnswerQuestion, ChallengeAction.AssignPanel, ChallengeAction.Cancel],
            ChallengeLifecycle.AllowedFor(ChallengeStatus.Published, ChallengeParty.Owner).Select(r => r.Action));
        Assert.Empty(ChallengeLifecycle.AllowedFor(ChallengeStatus.Settled, ChallengeParty.Operator));
    }

    private enum Outcome
    {
        Passed,
        Forbidden,
        WrongState,
    }

    /// <summary>
    /// Calls the aggregate with valid arguments. A refusal by the life cycle (403/409 with the life-cycle codes) is a
    /// denial; success, or a refusal by a rule that needs more than the state (deadline not reached, slots full…),
    /// means the life cycle let the action through.
    /// </summary>
    private static Outcome Attempt(ChallengeScenario s, ChallengeAction action, ChallengeParty party)
    {
        var actor = party switch
        {
            ChallengeParty.Owner => s.Owner,
            ChallengeParty.Operator => s.Operator,
            ChallengeParty.Engineer => s.Engineer,
            ChallengeParty.Taker => s.Taker,
            ChallengeParty.Expert => s.Expert,
            _ => ChallengeActor.System,
        };
        var c = s.Challenge;
        var now = s.Tick();
        var application = s.Rival ?? ChallengeApplication.Start(Guid.NewGuid(), c.Id, Guid.NewGuid(), "方案", "计划", 1000m, 10, [], now);
        var milestone = c.Milestones.Count > 0 ? c.Milestones[0].Id : Guid.NewGuid();
        try
        {
            switch (action)
            {
                case ChallengeAction.Edit: c.Edit(actor, ChallengeScenario.Listing(deadline: now.AddDays(20)), now); break;
                case ChallengeAction.Submit: c.Submit(actor, now); break;
                case ChallengeAction.RequestChanges: c.RequestChanges(actor, "请补充技术指标", now); break;
                case ChallengeAction.Publish: c.Publish(actor, now); break;
                case ChallengeAction.AddSupport: c.SetSupport(actor, 50_000m, "市工信局专项", now); break;
                case ChallengeAction.Withdraw: c.Withdraw(actor, "不再需要", now); break;
                case ChallengeAction.CloseApplications: c.CloseApplications(actor, 1, now); break;
                case ChallengeAction.Expire: c.Expire(actor, 0, now); break;
                case ChallengeAction.Apply: c.EnsureCanApply(actor, now); break;
                case ChallengeAction.AskQuestion: c.AskQuestion(actor, Guid.NewGuid(), "现场能否提供疲劳试验台？", now); break;
                case ChallengeAction.AnswerQuestion: c.AnswerQuestion(actor, c.Questions.Count > 0 ? c.Questions[0].Id : Guid.NewGuid(), "可以", now); break;
                case ChallengeAction.StartEvaluation: c.StartEvaluation(actor, now); break;
                case ChallengeAction.AssignPanel: c.AssignPanel(actor, [s.Expert.UserId!.Value], now); break;
                case ChallengeAction.ScoreApplication: c.Score(actor, application, Marks(80), null, now); break;
                case ChallengeAction.Award: c.Award(actor, application, now); break;
                case ChallengeAction.Reopen: c.Reopen(actor, now.AddDays(10), now); break;
                case ChallengeAction.DefineMilestones: c.DefineMilestones(actor, [new MilestonePlan("全部", DateOnly.FromDateTime(now.AddDays(10).UtcDateTime), c.TotalAmount)], now); break;
                case ChallengeAction.StartWork: c.StartWork(actor, now); break;
                case ChallengeAction.DownSelect: c.DownSelect(actor, s.Awarded?.Id ?? Guid.NewGuid(), [], now); break;
                case ChallengeAction.DeliverMilestone: c.DeliverMilestone(actor, milestone, "成果", now); break;
                case ChallengeAction.ReviewMilestone: c.ReviewMilestone(actor, milestone, true, null, now); break;
                case ChallengeAction.Deliver: c.Deliver(actor, "成果", now); break;
                case ChallengeAction.RecordVerification: c.RecordVerification(actor, "张工", "车间", true, "通过", now); break;
                case ChallengeAction.Redeliver: c.Redeliver(actor, "改进后重新交付", now); break;
                case ChallengeAction.RecordMarketEvaluation: c.RecordMarketEvaluation(actor, 4, 1000m, 0m, null, now); break;
                case ChallengeAction.Settle: c.Settle(actor, now); break;
                case ChallengeAction.DeclareAbandoned: c.DeclareAbandoned(actor, s.Awarded ?? application, now); break;
                case ChallengeAction.Cancel: c.Cancel(actor, "停止需求", now); break;
                default: throw new ArgumentOutOfRangeException(nameof(action), action, null);
            }

            return Outcome.Passed;
        }
        catch (DomainForbiddenException e) when (e.Code is "challenge_forbidden" or "not_taker")
        {
            return Outcome.Forbidden;
        }
        catch (DomainConflictException e) when (e.Code == "challenge_invalid_state")
        {
            return Outcome.WrongState;
        }
        catch (DomainException)
        {
            return Outcome.Passed;
        }
    }

    internal static Dictionary<string, int> Marks(int each) => ApplicationScore.Criteria.ToDictionary(c => c.Code, _ => each);
}
