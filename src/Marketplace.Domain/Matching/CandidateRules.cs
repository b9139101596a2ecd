using Marketplace.Domain.Engineers;

namespace Marketplace.Domain.Matching;

public enum CandidateRefusal
{
    None = 0,

    /// <summary>No hours offered, or today outside the engineer's availability window.</summary>
    NotAvailable = 1,

    /// <summary>Works for the company that posted the need: not a shared engineer for it.</summary>
    OwnStaff = 2,

    /// <summary>Below the listing's title floor.</summary>
    TitleBelowRequirement = 3,

    /// <summary>The listing asks for an excellent-engineer tier and the engineer holds none.</summary>
    TierRequired = 4,
}

/// <summary>
/// The hard rules a candidate must pass before the model ranks them (issue: available, not the company's own staff,
/// meets the listing's title or tier requirement). They filter, never weigh: a model score cannot buy an exception.
/// </summary>
public static class CandidateRules
{
    public static CandidateRefusal Check(ChallengeFacts challenge, EngineerFacts engineer, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(engineer);
        if (engineer.HoursPerMonth <= 0
            || engineer.AvailableFrom is { } from && from > today
            || engineer.AvailableUntil is { } until && until < today)
        {
            return CandidateRefusal.NotAvailable;
        }

        if (engineer.EmployerOrganizationId is { } employer && employer == challenge.OwnerOrganizationId)
        {
            return CandidateRefusal.OwnStaff;
        }

        if (challenge.MinTitle is { } minTitle && engineer.Title < minTitle)
        {
            return CandidateRefusal.TitleBelowRequirement;
        }

        return challenge.RequiresTier && engineer.Tier == ExcellenceTier.None ? CandidateRefusal.TierRequired : CandidateRefusal.None;
    }
}
