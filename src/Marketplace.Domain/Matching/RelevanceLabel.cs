namespace Marketplace.Domain.Matching;

/// <summary>What the platform saw happen between one challenge and one engineer it showed or that applied.</summary>
public sealed record PairHistory(
    bool Shown,
    bool Applied,
    bool Shortlisted,
    bool Awarded,
    bool? VerificationPassed,
    bool Abandoned,
    int? Rating);

/// <summary>
/// Graded relevance of a (challenge, engineer) pair from what happened, the label the ranking model learns from: the
/// further an engineer went with a challenge, and the better it ended, the more relevant they were to it.
/// <list type="bullet">
/// <item>0 — shown and ignored (or never shown and never applied: no evidence either way);</item>
/// <item>1 — applied;</item>
/// <item>2 — shortlisted (scored into the panel's final round) or awarded and then abandoned;</item>
/// <item>3 — awarded (delivery not yet verified, or verified but failed);</item>
/// <item>4 — awarded, verification passed, and rated at least 4 of 5 (or not rated).</item>
/// </list>
/// An abandonment drops an award to 2 rather than 0: the engineer was still a credible candidate for the need, and
/// the abandonment itself is a feature of the engineer (their abandonment count), not of the pair.
/// </summary>
public static class RelevanceLabel
{
    public const int Max = 4;

    public static int For(PairHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Rating is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(history), history.Rating, "A rating is 1 to 5.");
        }

        if (history.Awarded)
        {
            if (history.Abandoned)
            {
                return 2;
            }

            return history.VerificationPassed == true && history.Rating is null or >= 4 ? 4 : 3;
        }

        if (history.Shortlisted)
        {
            return 2;
        }

        return history.Applied ? 1 : 0;
    }
}
