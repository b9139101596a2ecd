using Marketplace.Domain.Accreditation;
using Marketplace.Infrastructure.ReferenceData;

namespace Marketplace.Domain.Tests.Accreditation;

/// <summary>The shipped seed files, read once, and helpers to fill score sheets from tables of marks.</summary>
internal static class AccreditationData
{
    public static readonly AccreditationReferenceSet Set = AccreditationDataLoader.ReadFiles();

    public static readonly WorkingCalendar Calendar = AccreditationDataLoader.ReadCalendar();

    public static Rubric Rubric => Set.Rubrics.Current;

    public static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>The same rubric under another version id (what a re-issued policy with unchanged numbers would be).</summary>
    public static Rubric WithVersion(Rubric rubric, string version, Func<SecondaryIndicator, decimal>? maxPoints = null)
    {
        var primaries = rubric.Primaries.Select(p =>
        {
            var secondaries = p.Secondaries.Select(s => s with { MaxPoints = maxPoints?.Invoke(s) ?? s.MaxPoints }).ToList();
            return p with { Secondaries = secondaries, Points = secondaries.Sum(s => s.MaxPoints) };
        }).ToList();
        return new Rubric(
            version, rubric.Document, rubric.Title, rubric.IssuedOn.AddYears(1), rubric.BaseTotal, rubric.BonusCap, rubric.TotalCap,
            primaries, rubric.BonusItems, rubric.VetoText, rubric.VetoItems, rubric.Notes);
    }

    /// <summary>A sheet with every indicator marked from <paramref name="marks"/> (in the rubric's order).</summary>
    public static ExpertScoreSheet Sheet(Rubric rubric, Guid applicationId, Guid expertId, IReadOnlyList<decimal> marks, bool submit = true)
    {
        Assert.Equal(rubric.Secondaries.Count, marks.Count);
        var sheet = ExpertScoreSheet.Start(Guid.NewGuid(), rubric, applicationId, expertId, Now);
        for (var i = 0; i < marks.Count; i++)
        {
            sheet.Mark(rubric, rubric.Secondaries[i].Code, marks[i], "符合要求", Now);
        }

        if (submit)
        {
            sheet.Submit(rubric, Now);
        }

        return sheet;
    }

    public static ExpertScoreSheet Draft(Rubric rubric, Guid? expertId = null) =>
        ExpertScoreSheet.Start(Guid.NewGuid(), rubric, Guid.NewGuid(), expertId ?? Guid.NewGuid(), Now);

    /// <summary>An expert id that sorts at position <paramref name="n"/>, so tie-breaking in tests is predictable.</summary>
    public static Guid Expert(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static void ClaimRange(ExpertScoreSheet sheet, Rubric rubric, string item, decimal points) =>
        sheet.ClaimBonus(rubric, item, null, points, ["支持政策文件"], null, Now);

    public static void ClaimItems(ExpertScoreSheet sheet, Rubric rubric, string item, string? level, int count)
    {
        for (var i = 0; i < count; i++)
        {
            sheet.ClaimBonus(rubric, item, level, null, [$"证书-{item}-{level}-{i}"], null, Now);
        }
    }
}
