using Marketplace.Domain.Common;
using Marketplace.Domain.Live;

namespace Marketplace.Domain.Tests.Live;

/// <summary>The consultation's and the matching session's rules, without a database or a hub.</summary>
public sealed class LiveRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid Company = Guid.NewGuid();
    private static readonly Guid Asker = Guid.NewGuid();
    private static readonly Guid EngineerUser = Guid.NewGuid();

    private static Consultation Direct(decimal price = 0) =>
        Consultation.WithEngineer(Company, Asker, Guid.NewGuid(), EngineerUser, "主泵异响", "回转时异响。", price, Now);

    private static Consultation Active()
    {
        var c = Direct();
        c.Accept(EngineerUser, Now);
        return c;
    }

    [Fact]
    public void Messages_are_numbered_one_by_one_and_the_sender_has_read_their_own()
    {
        var c = Active();
        var first = c.Post(Asker, " 你好 ", null, Now);
        var second = c.Post(EngineerUser, "请讲", null, Now.AddSeconds(5));
        Assert.Equal([1, 2], new[] { first.Seq, second.Seq });
        Assert.Equal("你好", first.Text);
        Assert.Equal(2, c.LastSeq);
        Assert.Equal(1, c.CompanyReadSeq);
        Assert.Equal(2, c.EngineerReadSeq);
    }

    [Fact]
    public void Read_receipts_only_move_forward_and_never_past_the_last_message()
    {
        var c = Active();
        c.Post(EngineerUser, "一", null, Now);
        c.Post(EngineerUser, "二", null, Now);
        Assert.True(c.MarkRead(Asker, 99));
        Assert.Equal(2, c.CompanyReadSeq);
        Assert.False(c.MarkRead(Asker, 1));
        Assert.Equal(2, c.CompanyReadSeq);
    }

    [Fact]
    public void Nobody_writes_before_acceptance_or_after_the_end_and_outsiders_never()
    {
        var c = Direct();
        Assert.Throws<DomainConflictException>(() => c.Post(Asker, "在吗", null, Now));
        c.Accept(EngineerUser, Now);
        Assert.Throws<DomainForbiddenException>(() => c.Post(Guid.NewGuid(), "插话", null, Now));
        Assert.Throws<DomainException>(() => c.Post(Asker, new string('字', ConsultationMessage.TextMaxLength + 1), null, Now));
        Assert.Throws<DomainException>(() => c.Post(Asker, "   ", null, Now));
        c.End(Asker, Now.AddMinutes(30));
        Assert.Throws<DomainConflictException>(() => c.Post(Asker, "补充", null, Now));
        Assert.Equal(TimeSpan.FromMinutes(30), c.Duration);
        Assert.Equal(0, c.LastSeq);
    }

    [Fact]
    public void Only_the_engineer_accepts_and_only_the_asking_company_rates_once_after_the_end()
    {
        var c = Direct(price: 200m);
        Assert.True(c.IsPaid);
        Assert.Throws<DomainForbiddenException>(() => c.Accept(Asker, Now));
        c.Accept(EngineerUser, Now);
        Assert.Throws<DomainConflictException>(() => c.Rate(Asker, 5, null, Now));
        c.End(EngineerUser, Now);
        Assert.Throws<DomainForbiddenException>(() => c.Rate(EngineerUser, 5, null, Now));
        Assert.Throws<DomainException>(() => c.Rate(Asker, 6, null, Now));
        c.Rate(Asker, 4, "清楚", Now);
        Assert.Throws<DomainConflictException>(() => c.Rate(Asker, 5, null, Now));
        Assert.Equal(4, c.Rating);
    }

    [Fact]
    public void A_declined_center_request_returns_to_the_center_and_a_direct_one_ends()
    {
        var center = Guid.NewGuid();
        var routed = Consultation.WithCenter(Company, Asker, center, "焊接", "评定试验？", 0, Now);
        Assert.Throws<DomainForbiddenException>(() => routed.Route(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), EngineerUser, Now));
        routed.Route(center, Guid.NewGuid(), Guid.NewGuid(), EngineerUser, Now);
        Assert.True(routed.IsParticipant(EngineerUser));
        routed.Decline(EngineerUser, "出差", Now);
        Assert.Equal(ConsultationStatus.Requested, routed.Status);
        Assert.Null(routed.EngineerId);
        Assert.False(routed.IsParticipant(EngineerUser));

        var direct = Direct();
        direct.Decline(EngineerUser, null, Now);
        Assert.Equal(ConsultationStatus.Declined, direct.Status);
    }

    [Fact]
    public void Prices_are_non_negative_yuan_with_at_most_two_decimals()
    {
        Assert.Throws<DomainException>(() => Direct(price: -1m));
        Assert.Throws<DomainException>(() => Direct(price: 1.234m));
        Assert.False(Direct().IsPaid);
    }

    private static (MatchingSession Session, IReadOnlyList<SessionInvitation> Invitations) Session(int answerMinutes = 30)
    {
        var session = MatchingSession.Start(Company, Asker, false, null, null, "主泵异响诊断", "", "construction-machinery", [], "430200",
            80000m, 20, answerMinutes, "heuristic", Now);
        var invitations = session.Invite(
        [
            new InvitedEngineer(Guid.NewGuid(), Guid.NewGuid(), "张工", 1, 0.9, ["技能匹配 2/2"]),
            new InvitedEngineer(Guid.NewGuid(), Guid.NewGuid(), "李工", 2, 0.8, ["同在株洲市"]),
            new InvitedEngineer(Guid.NewGuid(), Guid.NewGuid(), "王工", 3, 0.7, []),
        ]);
        return (session, invitations);
    }

    [Fact]
    public void Invited_engineers_answer_until_the_deadline_and_only_their_own_invitation()
    {
        var (session, invitations) = Session(answerMinutes: 10);
        var first = invitations[0];
        Assert.Throws<DomainForbiddenException>(() => first.Respond(session, invitations[1].EngineerUserId, InvitationAnswer.Interested, null, Now));
        Assert.Throws<DomainException>(() => first.Respond(session, first.EngineerUserId, InvitationAnswer.Question, " ", Now));
        first.Respond(session, first.EngineerUserId, InvitationAnswer.Question, "要驻场吗？", Now.AddMinutes(1));
        first.Respond(session, first.EngineerUserId, InvitationAnswer.Interested, null, Now.AddMinutes(2));
        Assert.Equal(InvitationAnswer.Interested, first.Answer);
        Assert.Throws<DomainConflictException>(() => invitations[1].Respond(session, invitations[1].EngineerUserId, InvitationAnswer.Interested, null, Now.AddMinutes(11)));
    }

    [Fact]
    public void Closing_writes_the_minutes_once_from_the_invitations_as_they_stand()
    {
        var (session, invitations) = Session();
        invitations[0].Respond(session, invitations[0].EngineerUserId, InvitationAnswer.Interested, "下周可到", Now.AddMinutes(1));
        invitations[0].RecordConsultation(Guid.NewGuid());
        invitations[1].Respond(session, invitations[1].EngineerUserId, InvitationAnswer.Declined, null, Now.AddMinutes(2));
        Assert.Throws<DomainConflictException>(() => invitations[1].RecordChallengeInvite(Now));
        session.Close(invitations, Now.AddMinutes(5));

        Assert.Equal(SessionStatus.Closed, session.Status);
        Assert.Contains("邀请 3 位工程师：有意向 1 位，提问 0 位，婉拒 1 位，未答复 1 位。", session.Minutes);
        Assert.Contains("1 | 张工 | 有意向（10:01） | 下周可到 | 已发起在线问诊", session.Minutes);
        Assert.Contains("3 | 王工 | 未答复 |  | —", session.Minutes);
        Assert.Throws<DomainConflictException>(() => session.Close(invitations, Now.AddMinutes(6)));
        Assert.Throws<DomainConflictException>(() => invitations[2].Respond(session, invitations[2].EngineerUserId, InvitationAnswer.Interested, null, Now.AddMinutes(6)));
    }

    [Fact]
    public void A_company_invites_at_most_fifty_an_operator_hosted_session_up_to_a_thousand()
    {
        Assert.Equal(50, MatchingSession.MaxInvitations(hostedByOperator: false));
        Assert.Equal(1000, MatchingSession.MaxInvitations(hostedByOperator: true));
        var session = MatchingSession.Start(Company, Asker, false, null, null, "需求", "", "c", [], "430100", 0, 1, 30, "m", Now);
        var many = Enumerable.Range(1, 51).Select(i => new InvitedEngineer(Guid.NewGuid(), Guid.NewGuid(), $"工{i}", i, 0.1, [])).ToList();
        Assert.Throws<DomainException>(() => session.Invite(many));
        Assert.Throws<DomainConflictException>(() => session.Invite([]));
    }
}
