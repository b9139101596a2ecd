using Marketplace.Domain.Common;

namespace Marketplace.Domain.Challenges;

/// <summary>CNY amounts: decimals with at most two places (分), positive where a bounty or support is meant.</summary>
public static class Money
{
    public static decimal Positive(decimal amount, string field, decimal max)
    {
        if (amount <= 0)
        {
            throw new DomainException("金额必须大于零", $"{field}必须大于 0 元。", "amount_not_positive");
        }

        if (amount > max)
        {
            throw new DomainException("金额超出上限", $"{field}不能超过 {max:N0} 元。", "amount_too_large");
        }

        if (decimal.Round(amount, 2) != amount)
        {
            throw new DomainException("金额精度过高", $"{field}最多保留两位小数（分）。", "amount_precision");
        }

        return amount;
    }

    /// <summary>
    /// Splits an amount among shares given in percent (summing to 100) so that the parts add up to the amount exactly,
    /// to the fen: each part is rounded down, and the fen left over go one each to the largest remainders
    /// (earlier members first on ties), so the same inputs always give the same split.
    /// </summary>
    public static IReadOnlyList<decimal> Split(decimal amount, IReadOnlyList<int> percents)
    {
        ArgumentNullException.ThrowIfNull(percents);
        if (percents.Count == 0 || percents.Any(p => p <= 0) || percents.Sum() != 100)
        {
            throw new DomainException("分配比例无效", "团队成员的分配比例必须都大于 0，且合计为 100%。", "shares_invalid");
        }

        var fen = decimal.Round(amount * 100m, 0);
        if (fen != amount * 100m || amount < 0)
        {
            throw new DomainException("金额无效", "待分配金额必须是非负且精确到分的数额。", "amount_invalid");
        }

        var exact = percents.Select(p => fen * p / 100m).ToArray();
        var parts = exact.Select(decimal.Floor).ToArray();
        var left = (int)(fen - parts.Sum());
        var order = Enumerable.Range(0, parts.Length)
            .OrderByDescending(i => exact[i] - parts[i])
            .ThenBy(i => i)
            .Take(left);
        foreach (var i in order)
        {
            parts[i] += 1;
        }

        return parts.Select(p => p / 100m).ToList();
    }
}
