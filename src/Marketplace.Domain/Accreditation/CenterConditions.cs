namespace Marketplace.Domain.Accreditation;

/// <summary>One basic condition of 第七条, with the evidence the platform asks for (the seed itself lists none).</summary>
public sealed record BasicCondition(string Code, string SeedNumber, string Name, string Text, IReadOnlyList<string> Evidence);

/// <summary>
/// The 7 basic conditions a center applicant must all meet (申报单位应同时具备). Versioned like the rubric, so an
/// application keeps the checklist it was made against.
/// </summary>
public sealed class CenterConditionChecklist
{
    public CenterConditionChecklist(string version, string document, IReadOnlyList<BasicCondition> conditions, IReadOnlyList<string> notes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(notes);
        if (conditions.Count == 0 || conditions.Select(c => c.Code).Distinct(StringComparer.Ordinal).Count() != conditions.Count)
        {
            throw new ArgumentException($"Condition checklist {version}: conditions are missing or their codes are not unique.", nameof(conditions));
        }

        if (conditions.Any(c => string.IsNullOrWhiteSpace(c.Text) || c.Evidence.Count == 0))
        {
            throw new ArgumentException($"Condition checklist {version}: every condition needs its text and expected evidence.", nameof(conditions));
        }

        Version = version;
        Document = document;
        Conditions = [.. conditions.Select(c => c with { Evidence = [.. c.Evidence] })];
        Notes = [.. notes];
    }

    public string Version { get; }

    public string Document { get; }

    public IReadOnlyList<BasicCondition> Conditions { get; }

    public IReadOnlyList<string> Notes { get; }

    /// <summary>Codes of the conditions not in <paramref name="metCodes"/>; empty when the applicant meets them all.</summary>
    public IReadOnlyList<BasicCondition> Missing(IEnumerable<string> metCodes)
    {
        ArgumentNullException.ThrowIfNull(metCodes);
        var met = metCodes.ToHashSet(StringComparer.Ordinal);
        return [.. Conditions.Where(c => !met.Contains(c.Code))];
    }
}
