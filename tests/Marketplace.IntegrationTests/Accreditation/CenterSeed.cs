using Marketplace.Domain.Accreditation;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.Accreditation.AccreditationDesk;

namespace Marketplace.IntegrationTests.Accreditation;

/// <summary>Recognized centers for the lifecycle tests, made without the HTTP round (see <see cref="RecognizedAsync"/>).</summary>
internal static class CenterSeed
{
    /// <summary>
    /// A center recognized on <paramref name="recognizedOn"/> for a new applicant organization, its application taken
    /// from draft to 发文认定 through the domain's own methods (the HTTP round needs a holiday calendar for the notice,
    /// and the calendar starts in 2025; these tests need years of history before the real today).
    /// </summary>
    public static async Task<(Guid CenterId, Guid OrganizationId, string Operator)> RecognizedAsync(
        MarketplaceAppFactory app, AccreditationDesk desk, List<Guid> rounds, string tag, DateOnly recognizedOn)
    {
        var (orgId, email) = await desk.NewApplicantAsync(tag);
        var (expertId, _) = await desk.NewExpertAsync($"{tag}专家");
        var province = new AccreditationActor(null, AccreditationParty.Province);
        var applicant = new AccreditationActor(null, AccreditationParty.Applicant);
        var opens = ChinaMorning(recognizedOn.AddDays(-90));
        var round = AccreditationRound.Open(Guid.NewGuid(), province, $"{tag}轮次", "430000", opens, opens.AddDays(10), AccreditationDesk.Rubric, Conditions, TrimOptions.Default, opens);
        var a = CenterApplication.Start(Guid.NewGuid(), round, orgId, "430100", applicant, opens);
        a.UpdateDraft(applicant, Conditions, AccreditationDesk.Rubric,
            [.. Conditions.Conditions.Select(c => new ConditionStatement(c.Code, true, "已具备", ["证明.pdf"]))], "建设方案",
            [.. AccreditationDesk.Rubric.Secondaries.Select(s => new SelfAssessmentMark(s.Code, s.MaxPoints, null))], opens);
        a.Submit(applicant, round, Conditions, AccreditationDesk.Rubric, opens);
        a.RecommendByCity(new AccreditationActor(null, AccreditationParty.CityBureau), null, opens);
        a.AcceptByProvince(province, null, opens);
        a.AssignExperts(province, [(expertId, [])], opens);
        var sheet = ExpertScoreSheet.Start(Guid.NewGuid(), AccreditationDesk.Rubric, a.Id, expertId, opens);
        foreach (var s in AccreditationDesk.Rubric.Secondaries)
        {
            sheet.Mark(AccreditationDesk.Rubric, s.Code, s.MaxPoints, "材料翔实", opens);
        }

        sheet.Submit(AccreditationDesk.Rubric, opens);
        a.RecordScore(RubricAggregation.Aggregate(AccreditationDesk.Rubric, [sheet], TrimOptions.Default), opens);
        a.Select(province, null, opens);
        a.PlaceUnderNotice(province, recognizedOn.AddDays(-14), recognizedOn.AddDays(-8), opens);
        a.Recognize(province, $"湘工信人教〔{recognizedOn.Year}〕{tag}号", recognizedOn, recognizedOn, recognizedOn.AddDays(-8), ChinaMorning(recognizedOn));
        var center = AccreditedCenter.Recognize(Guid.NewGuid(), a, province, ChinaMorning(recognizedOn));
        await app.WithDbAsync(async db =>
        {
            db.AccreditationRounds.Add(round);
            db.CenterApplications.Add(a);
            db.AccreditedCenters.Add(center);
            return await db.SaveChangesAsync();
        });
        rounds.Add(round.Id);
        return (center.Id, orgId, email);
    }

    public static DateTimeOffset ChinaMorning(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime();

    /// <summary>Removes the rounds <see cref="RecognizedAsync"/> made (and anything left in them); call after the desk's clean-up.</summary>
    public static async Task CleanUpAsync(MarketplaceAppFactory app, List<Guid> rounds) =>
        await app.WithDbAsync(async db =>
        {
            await db.CenterApplications.Where(a => rounds.Contains(a.RoundId)).ExecuteDeleteAsync();
            return await db.AccreditationRounds.Where(r => rounds.Contains(r.Id)).ExecuteDeleteAsync();
        });
}
