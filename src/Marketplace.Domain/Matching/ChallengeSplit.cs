using System.Security.Cryptography;

namespace Marketplace.Domain.Matching;

/// <summary>
/// Which challenges the model is trained on and which it is tested on. The split is by challenge — every pair of a
/// challenge falls on the same side — so the test measures ranking for needs the model has never seen (pairs of one
/// challenge on both sides would leak its answer). It is a pure function of the challenge id and the seed, so the
/// same data and seed give the same split on any machine, in any row order.
/// </summary>
public static class ChallengeSplit
{
    public static bool IsTest(Guid challengeId, int seed, double testShare)
    {
        if (testShare is < 0 or > 1 || double.IsNaN(testShare))
        {
            throw new ArgumentOutOfRangeException(nameof(testShare), testShare, "The test share is between 0 and 1.");
        }

        Span<byte> input = stackalloc byte[20];
        challengeId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], seed);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        // The top 53 bits as a double in [0, 1): exact, and never 1, so a share of 1 puts every challenge in the test.
        var unit = (BitConverter.ToUInt64(hash) >> 11) * (1.0 / (1UL << 53));
        return unit < testShare;
    }
}
