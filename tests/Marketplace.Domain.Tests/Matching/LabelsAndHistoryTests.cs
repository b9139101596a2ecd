using Marketplace.Domain.Engineers;
using Marketplace.Domain.Matching;

namespace Marketplace.Domain.Tests.Matching;

/// <summary>Graded labels, the split by listing, the dated track record (no leakage), and the hard rules.</summary>
public class LabelsAndHistoryTests
{
    private static readonly PairHistory Shown = new(true, false, false, false, null, false, null);
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Labels_grow_with_how_far_the_pair_went()
    {
        Assert.Equal(0, RelevanceLabel.For(Shown));
        Assert.Equal(1, RelevanceLabel.For(Shown with { Applied = true }));
        Assert.Equal(2, RelevanceLabel.For(Shown with { Applied = true, Shortlisted = true }));
        Assert.Equal(3, RelevanceLabel.For(Shown with { Applied = true, Awarded = true }));
        Assert.Equal(3, RelevanceLabel.For(Shown with { Applied = true, Awarded = true, VerificationPassed = false }));
        Assert.Equal(3, RelevanceLabel.For(Shown with { Applied = true, Awarded = true, VerificationPassed = true, Rating = 3 }));
        Assert.Equal(4, RelevanceLabel.For(Shown with { Applied = true, Awarded = true, VerificationPassed = true, Rating = 4 }));
        Assert.Equal(4, RelevanceLabel.For(Shown with { Applied = true, Awarded = true, VerificationPassed = true }));
        // An abandoned award was still a credible candidate: 2, not 0.
        Assert.Equal(2, RelevanceLabel.For(Shown with { Applied = true, Awarded = true, Abandoned = true, VerificationPassed = true, Rating = 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RelevanceLabel.For(Shown with { Rating = 6 }));
    }

    [Fact]
    public void The_split_is_by_listing_stable_and_near_the_asked_share()
    {
        var ids = Enumerable.Range(0, 4000).Select(i => new Guid(i, 7, 7, new byte[8])).ToList();
        var test = ids.Where(id => ChallengeSplit.IsTest(id, 42, 0.25)).ToHashSet();
        Assert.InRange(test.Count / 4000.0, 0.22, 0.28);
        // Same seed, same split; every row of a listing goes where its listing goes.
        Assert.All(ids, id => Assert.Equal(test.Contains(id), ChallengeSplit.IsTest(id, 42, 0.25)));
        Assert.NotEqual(test, ids.Where(id => ChallengeSplit.IsTest(id, 43, 0.25)).ToHashSet());
    }

    [Fact]
    public void A_track_record_as_of_a_moment_counts_only_what_happened_before_it()
    {
        var listing = Guid.NewGuid();
        var track = new TrackRecord(
            [
                new AwardRecord(Guid.NewGuid(), "cm", T0, T0.AddDays(40), Abandoned: false, VerifiedPassedAt: T0.AddDays(35)),
                new AwardRecord(Guid.NewGuid(), "rail", T0.AddDays(10), T0.AddDays(30), Abandoned: true, VerifiedPassedAt: null),
                // The listing being labelled: awarded at day 60, so matching it (day 50) must not see it.
                new AwardRecord(listing, "cm", T0.AddDays(60), null, Abandoned: false, VerifiedPassedAt: null),
            ],
            [new RatingRecord(T0.AddDays(41), 5), new RatingRecord(T0.AddDays(70), 2)],
            [new InvitationRecord(T0.AddDays(1), true), new InvitationRecord(T0.AddDays(2), false)]);

        var atMatching = track.AsOf("cm", T0.AddDays(50));
        Assert.Equal(new TrackFacts(1, 1, 5m, 1, 1, 0, 0.5), atMatching);
        // Midway through the first job: one active, nothing verified yet, no rating.
        Assert.Equal(new TrackFacts(1, 0, 0m, 0, 0, 2, 0.5), track.AsOf("cm", T0.AddDays(20)));
        // Later the labelled listing itself counts (a win in the cluster, running): it is history for the listings after it.
        Assert.Equal(new TrackFacts(2, 1, 3.5m, 2, 1, 1, 0.5), track.AsOf("cm", T0.AddDays(80)));
        Assert.True(track.IsNewAsOf(T0));
        Assert.False(track.IsNewAsOf(T0.AddDays(1)));
        Assert.True(TrackRecord.Empty.IsNewAsOf(T0));
    }

    [Fact]
    public void Hard_rules_refuse_the_unavailable_own_staff_and_those_below_the_floor()
    {
        var today = new DateOnly(2026, 6, 1);
        var company = Guid.NewGuid();
        var need = new ChallengeFacts(Guid.NewGuid(), company, "cm", ["cm-a"], "430200", 50_000m, 30, today, ProfessionalTitle.SeniorEngineer);
        var ok = new EngineerFacts(
            Guid.NewGuid(), Guid.NewGuid(), ["cm-a"], ["cm"], "430200", ProfessionalTitle.SeniorEngineer, ExcellenceTier.None, 10,
            0, 0, 0, 0, 0, 0, 20, today.AddDays(-1), null, 300m, null);
        Assert.Equal(CandidateRefusal.None, CandidateRules.Check(need, ok, today));
        Assert.Equal(CandidateRefusal.NotAvailable, CandidateRules.Check(need, ok with { HoursPerMonth = 0 }, today));
        Assert.Equal(CandidateRefusal.NotAvailable, CandidateRules.Check(need, ok with { AvailableFrom = today.AddDays(1) }, today));
        Assert.Equal(CandidateRefusal.NotAvailable, CandidateRules.Check(need, ok with { AvailableUntil = today.AddDays(-1) }, today));
        Assert.Equal(CandidateRefusal.OwnStaff, CandidateRules.Check(need, ok with { EmployerOrganizationId = company }, today));
        Assert.Equal(CandidateRefusal.TitleBelowRequirement, CandidateRules.Check(need, ok with { Title = ProfessionalTitle.Engineer }, today));
        Assert.Equal(CandidateRefusal.TierRequired, CandidateRules.Check(need with { RequiresTier = true }, ok, today));
        Assert.Equal(CandidateRefusal.None, CandidateRules.Check(need with { RequiresTier = true }, ok with { Tier = ExcellenceTier.ProvincialYoung }, today));
    }

    [Fact]
    public void The_heuristic_is_the_sum_of_its_terms_and_ignores_missing_values()
    {
        var features = new float[PairFeatures.Count];
        features[PairFeatures.SkillExactShare] = 1;
        features[PairFeatures.Abandonments] = 2;
        features[PairFeatures.RatingAverage] = float.NaN;
        var terms = HeuristicScore.Contributions(features);
        Assert.Equal(3.0, terms[PairFeatures.SkillExactShare], 6);
        Assert.Equal(-2.0, terms[PairFeatures.Abandonments], 6);
        Assert.Equal(0, terms[PairFeatures.RatingAverage]);
        Assert.Equal(terms.Sum(), HeuristicScore.Of(features), 5);
    }
}
