using Marketplace.Domain.Challenges;
using Marketplace.Domain.Engineers;

namespace Marketplace.Application.Matching;

/// <summary>
/// A need to match engineers to: a challenge listing, or a quick need typed into a matching session (一对多撮合).
/// <see cref="OwnerOrganizationId"/> is the company asking — its own staff are never candidates.
/// </summary>
public sealed record MatchNeed(
    Guid OwnerOrganizationId,
    string Title,
    string Description,
    string ClusterCode,
    IReadOnlyCollection<string> SkillCodes,
    string CityCode,
    decimal Bounty,
    int ExpectedDurationDays,
    ProfessionalTitle? MinTitle = null,
    bool RequiresTier = false,
    Guid? ChallengeId = null)
{
    public static MatchNeed For(Challenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return new MatchNeed(
            challenge.OwnerOrganizationId, challenge.Title, challenge.Description, challenge.ClusterCode, challenge.SkillCodes,
            challenge.CityCode, challenge.TotalAmount, challenge.ExpectedDurationDays, challenge.MinTitle, challenge.RequiresTier, challenge.Id);
    }
}

/// <summary>One ranked engineer with what a company needs to judge them, and the reasons in Chinese.</summary>
public sealed record EngineerMatch(
    Guid EngineerId,
    int Rank,
    double Score,
    string Name,
    ProfessionalTitle Title,
    string TitleName,
    string? TierName,
    string CityName,
    string EmployerName,
    bool IsNew,
    IReadOnlyList<string> Reasons);

/// <param name="Candidates">How many engineers the retrieval stage passed to the model (after the hard rules).</param>
/// <param name="ModelVersion">The model file's version that ranked them ("search" when no model is loaded).</param>
public sealed record MatchList(IReadOnlyList<EngineerMatch> Engineers, int Candidates, string ModelVersion);

/// <summary>
/// The matching port (issue 5): candidates retrieved from the search index and filtered by
/// <see cref="Marketplace.Domain.Matching.CandidateRules"/>, then ranked by the learned model. It decides no access:
/// callers check who may see the need's matches before asking.
/// </summary>
public interface IEngineerMatcher
{
    Task<MatchList> MatchAsync(MatchNeed need, int top, CancellationToken cancellationToken = default);
}
