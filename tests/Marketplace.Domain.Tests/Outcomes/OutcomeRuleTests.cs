using Marketplace.Domain.Common;
using Marketplace.Domain.Outcomes;

namespace Marketplace.Domain.Tests.Outcomes;

public sealed class OutcomeRuleTests
{
    private static readonly DateOnly Today = new(2026, 6, 30);
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 2, 0, 0, TimeSpan.Zero);

    private static OutcomeEntry Entry(OutcomeEntryKind kind, string subtype, decimal? amount = null, FundSource? source = null, int? times = null, DateOnly? on = null, Guid? evidence = null) =>
        OutcomeEntry.Record(Guid.NewGuid(), Guid.NewGuid(), kind, subtype, "成果", on ?? Today, amount, source, times, null, evidence ?? Guid.NewGuid(), "证明.pdf", Guid.NewGuid(), Today, Now);

    [Fact]
    public void An_entry_needs_evidence_a_subtype_of_its_kind_and_a_day_not_in_the_future()
    {
        Assert.Equal("entry_evidence_required", Assert.Throws<DomainException>(() => Entry(OutcomeEntryKind.Standard, "national-led", evidence: Guid.Empty)).Code);
        Assert.Equal("entry_subtype_invalid", Assert.Throws<DomainException>(() => Entry(OutcomeEntryKind.Standard, "invention")).Code);
        Assert.Equal("entry_date_future", Assert.Throws<DomainException>(() => Entry(OutcomeEntryKind.Standard, "national-led", on: Today.AddDays(1))).Code);
        Assert.True(Entry(OutcomeEntryKind.Standard, "national-led").IsLedStandard);
        Assert.False(Entry(OutcomeEntryKind.Standard, "participated").IsLedStandard);
    }

    [Fact]
    public void Money_belongs_to_funds_only_with_a_source_and_sharing_counts_to_equipment_only()
    {
        Assert.Equal("entry_amount_invalid", Assert.Throws<DomainException>(() => Entry(OutcomeEntryKind.FundSpent, "equipment", 0m, FundSource.Fiscal)).Code);
        Assert.Equal("entry_source_required", Assert.Throws<DomainException>(() => Entry(OutcomeEntryKind.FundReceived, "grant", 10m)).Code);
        Assert.Equal("entry_amount_not_allowed", Assert.Throws<DomainException>(() => Entry(OutcomeEntryKind.IntellectualProperty, "invention", 10m)).Code);
        Assert.Equal("entry_times_invalid", Assert.Throws<DomainException>(() => Entry(OutcomeEntryKind.Equipment, "lab")).Code);
        Assert.Equal("entry_times_not_allowed", Assert.Throws<DomainException>(() => Entry(OutcomeEntryKind.Standard, "group-led", times: 3)).Code);
        var fund = Entry(OutcomeEntryKind.FundReceived, "grant", 500_000m, FundSource.SelfRaised);
        Assert.Equal((500_000m, FundSource.SelfRaised), (fund.Amount!.Value, fund.Source!.Value));
        Assert.Equal(12, Entry(OutcomeEntryKind.Equipment, "lab", times: 12).TimesShared);
    }

    [Fact]
    public void The_report_year_keeps_words_and_targets_not_figures_and_submission_needs_every_section()
    {
        var year = CenterReportYear.Start(Guid.NewGuid(), Guid.NewGuid(), 2026, Now);
        Assert.Equal("target_unknown", Assert.Throws<DomainException>(() => year.SetTargets(new Dictionary<string, decimal> { ["x"] = 1 }, new HashSet<string> { "a" }, Now)).Code);
        Assert.Equal("target_invalid", Assert.Throws<DomainException>(() => year.SetTargets(new Dictionary<string, decimal> { ["a"] = -1 }, new HashSet<string> { "a" }, Now)).Code);
        Assert.Equal("section_unknown", Assert.Throws<DomainException>(() => year.WriteNarratives(new Dictionary<string, string> { ["preface"] = "x" }, Now)).Code);
        year.WriteNarratives(new Dictionary<string, string> { ["talent"] = "  人才  ", ["funds"] = " " }, Now);
        Assert.Equal(new Dictionary<string, string> { ["talent"] = "人才" }, year.Narratives);
        var missing = Assert.Throws<DomainException>(() => year.MarkSubmitted(Now));
        Assert.Equal("narrative_missing", missing.Code);
        Assert.Contains("五、财政资金和自筹资金使用情况", missing.Message, StringComparison.Ordinal);
        year.WriteNarratives(ReportSections.All.ToDictionary(s => s.Key, s => s.Title), Now);
        year.MarkSubmitted(Now);
        Assert.Equal(Now, year.SubmittedAt);
        Assert.Equal("self_score_out_of_range", Assert.Throws<DomainException>(() => year.AssessSelf(new Dictionary<string, decimal> { ["4.3"] = 4.5m }, _ => 4m, Now)).Code);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(50, 6)]
    [InlineData(99, 11.5)]
    [InlineData(100, 12)]
    [InlineData(400, 12)]
    public void Suggested_talent_score_grows_with_the_engineers_gathered_rounded_down_to_half_points_and_capped(int engineers, decimal expected)
    {
        var scores = SelfAssessmentRules.Suggest(new Dictionary<string, decimal> { ["talent.engineers"] = engineers }, code => code == "2.1.1" ? 12m : 4m);
        Assert.Equal(expected, scores.Single(s => s.IndicatorCode == "2.1.1").Points);
    }

    [Fact]
    public void Every_suggestion_stays_within_its_indicator_and_names_its_figures()
    {
        var generous = SelfAssessmentRules.Rules.SelectMany(r => r.Figures).Distinct().ToDictionary(k => k, _ => 1_000_000m);
        var scores = SelfAssessmentRules.Suggest(generous, _ => 7m);
        Assert.Equal(SelfAssessmentRules.Rules.Count, scores.Count);
        Assert.All(scores, s => Assert.Equal(7m, s.Points));
        Assert.All(scores, s => Assert.NotEmpty(s.EvidenceFigures));
        Assert.All(SelfAssessmentRules.Suggest(new Dictionary<string, decimal>(), _ => 7m), s => Assert.Equal(0m, s.Points));
    }
    [Fact]
    public void A_correction_passes_the_same_rules_leaves_the_entry_as_it_was_when_refused_and_keeps_the_evidence_without_a_new_file()
    {
        var entry = Entry(OutcomeEntryKind.FundSpent, "equipment", 1_000m, FundSource.Fiscal);
        var evidence = entry.EvidenceFileId;
        Assert.Equal("entry_source_required", Assert.Throws<DomainException>(() =>
            entry.Revise(OutcomeEntryKind.FundSpent, "training", "新名称", Today, 2_000m, null, null, null, null, null, Guid.NewGuid(), Today, Now)).Code);
        Assert.Equal((OutcomeEntryKind.FundSpent, "equipment", "成果", 1_000m), (entry.Kind, entry.Subtype, entry.Title, entry.Amount!.Value));
        Assert.Null(entry.UpdatedAt);

        entry.Revise(OutcomeEntryKind.Standard, "group-led", "团体标准", Today.AddDays(-3), null, null, null, "T/HNJX 001", null, null, Guid.NewGuid(), Today, Now);
        Assert.Equal((OutcomeEntryKind.Standard, "group-led", (decimal?)null, (FundSource?)null, evidence), (entry.Kind, entry.Subtype, entry.Amount, entry.Source, entry.EvidenceFileId));
        Assert.True(entry.IsLedStandard);
        Assert.Equal(Now, entry.UpdatedAt);
        var replaced = Guid.NewGuid();
        entry.Revise(OutcomeEntryKind.Standard, "group-led", "团体标准", Today, null, null, null, null, replaced, "新证明.pdf", Guid.NewGuid(), Today, Now);
        Assert.Equal((replaced, "新证明.pdf"), (entry.EvidenceFileId, entry.EvidenceFileName));
    }

    [Fact]
    public void Entries_of_a_year_whose_report_was_received_do_not_change()
    {
        Assert.Equal("entry_year_received", Assert.Throws<DomainConflictException>(() => OutcomeEntry.EnsureChangeable(new DateOnly(2025, 3, 1), [2024, 2025], "修改")).Code);
        OutcomeEntry.EnsureChangeable(new DateOnly(2026, 3, 1), [2024, 2025], "修改");
    }
}
