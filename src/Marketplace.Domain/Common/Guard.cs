namespace Marketplace.Domain.Common;

internal static class Guard
{
    public static string Text(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new DomainException("字段不能为空", $"{field}不能为空。", "required");
        }

        if (trimmed.Length > maxLength)
        {
            throw new DomainException("字段过长", $"{field}不能超过 {maxLength} 个字符。", "too_long");
        }

        return trimmed;
    }

    public static string? OptionalText(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return trimmed.Length > maxLength
            ? throw new DomainException("字段过长", $"{field}不能超过 {maxLength} 个字符。", "too_long")
            : trimmed;
    }
}
