using System.Text.Json;
using Marketplace.Infrastructure.ReferenceData;

namespace Marketplace.Infrastructure.DemoData;

/// <summary>
/// The Chinese text the demo listings are written from (seed/reference/demo-challenges.json): industrial problems per
/// cluster with their products, targets and Q&amp;A, and the phrases of every later step (milestones, verification
/// reports, market evaluations, reasons).
/// </summary>
internal sealed record DemoChallengeContent(
    List<DemoProblem> Problems,
    Dictionary<string, List<List<string>>> Milestones,
    List<string> TeamIntros,
    List<string> ProposalClosings,
    List<string> DeliveryNotes,
    List<string> AcceptComments,
    List<string> SendBackComments,
    List<string> FinalDeliveryNotes,
    List<string> RedeliveryNotes,
    List<string> VerificationPass,
    List<string> VerificationFail,
    List<string> EvaluationNotes,
    List<string> FollowUpNotes,
    List<string> SupportNotes,
    List<string> RequestChanges,
    List<string> DraftAddenda,
    List<string> WithdrawReasons,
    List<string> CancelReasons,
    List<string> ScoreComments,
    List<DemoQuestion> GenericQuestions,
    List<string> VerifierRoles)
{
    public const string FileName = "demo-challenges.json";

    public static async Task<DemoChallengeContent> ReadAsync(string folder, ReferenceSet reference, CancellationToken ct)
    {
        var content = JsonSerializer.Deserialize<DemoChallengeContent>(
            await File.ReadAllTextAsync(Path.Combine(folder, FileName), ct),
            new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? throw new InvalidDataException($"{FileName} is empty");
        content.Validate(reference);
        return content;
    }

    /// <summary>A listing with an unknown code would be refused by the application; catch a bad content file here instead.</summary>
    private void Validate(ReferenceSet reference)
    {
        var skills = reference.Skills.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var serviceTypes = reference.ServiceTypes.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var clusters = reference.Clusters.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var problem in Problems)
        {
            if (!clusters.Contains(problem.Cluster) || !serviceTypes.Contains(problem.ServiceType)
                || problem.Skills.Count == 0 || problem.Skills.Any(s => !skills.Contains(s)))
            {
                throw new InvalidDataException($"{FileName}: 「{problem.Title}」 names an unknown cluster, service type or skill");
            }

            if (problem.Products.Count == 0 || problem.Bounty.Count != 2 || problem.Bounty[0] < 2 || problem.Bounty[1] > 300 || problem.Bounty[0] > problem.Bounty[1])
            {
                throw new InvalidDataException($"{FileName}: 「{problem.Title}」 needs products and a bounty range within 2–300 万元");
            }
        }

        if (clusters.FirstOrDefault(c => Problems.All(p => p.Cluster != c)) is { } bare)
        {
            throw new InvalidDataException($"{FileName}: no problems for cluster {bare}");
        }

        foreach (var kind in new[] { "design", "process", "testing", "consulting" })
        {
            if (!Milestones.TryGetValue(kind, out var sets) || sets.Count != 2 || sets[0].Count != 3 || sets[1].Count != 2)
            {
                throw new InvalidDataException($"{FileName}: milestones.{kind} needs a three-step and a two-step set");
            }
        }
    }
}

/// <summary>An industrial problem a company may post; <c>{product}</c> and <c>{company}</c> are filled in per listing.</summary>
internal sealed record DemoProblem(
    string Cluster,
    string Title,
    List<string> Products,
    List<string> Skills,
    string ServiceType,
    List<int> Bounty,
    string Background,
    string Problem,
    List<string> Targets,
    List<string> Deliverables,
    List<string> Approaches,
    List<DemoQuestion> Questions);

internal sealed record DemoQuestion(string Q, string A);
