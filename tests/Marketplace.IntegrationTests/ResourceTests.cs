using System.Text.RegularExpressions;
using System.Xml.Linq;
using Marketplace.Domain.Challenges;
using Marketplace.Testing;

namespace Marketplace.IntegrationTests;

/// <summary>
/// The UI's text lives in two resource files (zh-CN and en). They must hold the same keys, every key a page asks for
/// must exist (a missing one would show its name), and the zh-CN names of the challenge states and terms must be
/// exactly the domain's, so the board and the API never call one state by two names.
/// </summary>
public sealed partial class ResourceTests
{
    private static readonly string Resources = Path.Combine(RepoPaths.Root, "src", "Marketplace.Web", "Resources");

    private static Dictionary<string, string> Read(string culture) =>
        XDocument.Load(Path.Combine(Resources, $"SharedResource.{culture}.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    [Fact]
    public void Both_cultures_have_the_same_keys_and_no_empty_text()
    {
        var zh = Read("zh-CN");
        var en = Read("en");
        Assert.Empty(zh.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(zh.Keys));
        Assert.DoesNotContain(zh, kv => string.IsNullOrWhiteSpace(kv.Value));
        Assert.DoesNotContain(en, kv => string.IsNullOrWhiteSpace(kv.Value));
    }

    [Fact]
    public void Every_key_a_page_uses_exists()
    {
        var keys = Read("zh-CN").Keys.ToHashSet();
        var web = Path.Combine(RepoPaths.Root, "src", "Marketplace.Web");
        var missing = Directory.EnumerateFiles(web, "*.cs*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)))
            .Where(k => !k.Key.EndsWith('.') && !keys.Contains(k.Key))
            .Distinct()
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Chinese_state_and_term_names_are_the_domains_and_every_value_has_a_name_in_both_cultures()
    {
        var zh = Read("zh-CN");
        var en = Read("en");
        foreach (var status in Enum.GetValues<ChallengeStatus>())
        {
            Assert.Equal(status.Chinese(), zh["ChallengeStatus." + status]);
        }

        foreach (var ip in Enum.GetValues<IpArrangement>())
        {
            Assert.Equal(ip.Chinese(), zh["IpArrangement." + ip]);
        }

        foreach (var status in Enum.GetValues<ApplicationStatus>())
        {
            Assert.Equal(ChallengeApplication.StatusName(status), zh["ApplicationStatus." + status]);
        }

        foreach (var status in Enum.GetValues<MilestoneStatus>())
        {
            Assert.Equal(Marketplace.Application.Challenges.ChallengeViews.Chinese(status), zh["MilestoneStatus." + status]);
        }

        foreach (var status in Enum.GetValues<AwardStatus>())
        {
            Assert.Equal(Marketplace.Application.Challenges.ChallengeViews.Chinese(status), zh["AwardStatus." + status]);
        }

        foreach (var kind in Enum.GetValues<LedgerEntryKind>())
        {
            Assert.Equal(Marketplace.Application.Challenges.ChallengeViews.Chinese(kind), zh["LedgerKind." + kind]);
        }

        foreach (var party in Enum.GetValues<ChallengeParty>())
        {
            Assert.Equal(ChallengeLifecycle.PartyName(party), zh["Party." + party]);
        }

        foreach (var c in Enum.GetValues<Confidentiality>())
        {
            Assert.True(en.ContainsKey("Confidentiality." + c) && zh.ContainsKey("Confidentiality." + c), c.ToString());
        }
    }

    // L["Key"], l["Key"], Shared["Key"], and the success keys page models hand to a helper ("Challenges.Flash.X").
    [GeneratedRegex("(?:\\b[Ll]|Shared)\\[\"([A-Za-z][A-Za-z0-9.]*)\"|\"(Challenges\\.Flash\\.[A-Za-z0-9.]+)\"")]
    private static partial Regex LiteralKey();
}
