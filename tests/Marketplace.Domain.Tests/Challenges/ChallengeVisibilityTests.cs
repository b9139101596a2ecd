using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Tests.Challenges;

public sealed class ChallengeVisibilityTests
{
    [Fact]
    public void Drafts_and_listings_under_review_are_the_owners_and_the_centers_only()
    {
        var draft = ChallengeScenario.InState(ChallengeStatus.Draft);
        Assert.True(draft.Challenge.IsVisibleTo(ChallengeParty.Owner, null));
        Assert.False(draft.Challenge.IsVisibleTo(ChallengeParty.Operator, null));
        Assert.False(draft.Challenge.IsVisibleTo(ChallengeParty.Engineer, draft.OtherEngineer));

        var submitted = ChallengeScenario.InState(ChallengeStatus.Submitted);
        Assert.True(submitted.Challenge.IsVisibleTo(ChallengeParty.Operator, null));
        Assert.False(submitted.Challenge.IsVisibleTo(ChallengeParty.Engineer, submitted.OtherEngineer));
    }

    [Fact]
    public void Nda_listing_shows_its_details_only_after_the_engineer_accepts_and_records_when()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.Published, ChallengeScenario.Listing(confidentiality: Confidentiality.Nda));
        Assert.True(s.Challenge.IsVisibleTo(ChallengeParty.Engineer, s.OtherEngineer));
        Assert.False(s.Challenge.DetailsVisibleTo(ChallengeParty.Engineer, s.OtherEngineer));
        Assert.Equal("nda_required", Assert.Throws<DomainConflictException>(() => s.Challenge.EnsureCanApply(s.Engineer, s.Tick())).Code);
        Assert.Throws<DomainForbiddenException>(() => s.Challenge.AskQuestion(s.Engineer, Guid.NewGuid(), "问题", s.Tick()));

        var at = s.Tick();
        s.Challenge.AcceptNda(s.OtherEngineer, at);
        Assert.True(s.Challenge.DetailsVisibleTo(ChallengeParty.Engineer, s.OtherEngineer));
        Assert.Equal(at, Assert.Single(s.Challenge.NdaAcceptances).AcceptedAt);
        s.Challenge.EnsureCanApply(s.Engineer, s.Tick());
    }

    [Fact]
    public void Invite_only_listing_is_invisible_to_everyone_not_invited()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.Published, ChallengeScenario.Listing(confidentiality: Confidentiality.InviteOnly));
        Assert.False(s.Challenge.IsVisibleTo(ChallengeParty.Engineer, s.OtherEngineer));
        Assert.False(s.Challenge.IsVisibleTo(ChallengeParty.Engineer, null));
        Assert.False(s.Challenge.IsVisibleTo(ChallengeParty.Expert, null));
        Assert.Throws<DomainForbiddenException>(() => s.Challenge.EnsureCanApply(s.Engineer, s.Tick()));

        s.Challenge.Invite(s.Owner, [s.OtherEngineer], s.Tick());
        Assert.True(s.Challenge.IsVisibleTo(ChallengeParty.Engineer, s.OtherEngineer));
        s.Challenge.EnsureCanApply(s.Engineer, s.Tick());
        Assert.Throws<DomainForbiddenException>(() => s.Challenge.Invite(s.Operator, [Guid.NewGuid()], s.Tick()));
    }

    [Fact]
    public void Questions_are_asked_by_engineers_and_answered_by_the_company()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.Published);
        var question = s.Challenge.AskQuestion(s.Engineer, Guid.NewGuid(), "是否提供失效件样品？", s.Tick());
        s.Challenge.AnswerQuestion(s.Owner, question.Id, "提供 3 件失效样品。", s.Tick());
        Assert.Equal("提供 3 件失效样品。", s.Challenge.Questions[0].Answer);
        Assert.Throws<DomainForbiddenException>(() => s.Challenge.AnswerQuestion(s.Engineer, question.Id, "我来答", s.Tick()));
    }
}
