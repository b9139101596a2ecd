namespace Marketplace.Domain.Common;

/// <summary>
/// A business rule refused an operation. Carries a Chinese title/detail because the message
/// is shown to the user as-is (through ProblemDetails); a rule violation is never a server fault.
/// </summary>
public class DomainException : Exception
{
    public DomainException(string title, string detail, string? code = null)
        : base(detail)
    {
        Title = title;
        Code = code ?? "domain_rule";
    }

    public DomainException() : this("业务规则不允许该操作", "业务规则不允许该操作。") { }

    public DomainException(string message) : this("业务规则不允许该操作", message) { }

    public DomainException(string message, Exception innerException) : base(message, innerException)
    {
        Title = "业务规则不允许该操作";
        Code = "domain_rule";
    }

    public string Title { get; }

    /// <summary>Stable machine-readable code, for API clients that branch on the error.</summary>
    public string Code { get; }
}

/// <summary>The operation is not allowed in the aggregate's current state (an illegal transition): answered with 409.</summary>
public class DomainConflictException : DomainException
{
    public DomainConflictException(string title, string detail, string? code = null) : base(title, detail, code ?? "invalid_state") { }

    public DomainConflictException() { }

    public DomainConflictException(string message) : base("当前状态不允许该操作", message, "invalid_state") { }

    public DomainConflictException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>The acting party may not take this action on this aggregate (e.g. an engineer publishing a listing): 403.</summary>
public class DomainForbiddenException : DomainException
{
    public DomainForbiddenException(string title, string detail, string? code = null) : base(title, detail, code ?? "forbidden") { }

    public DomainForbiddenException() { }

    public DomainForbiddenException(string message) : base("没有权限", message, "forbidden") { }

    public DomainForbiddenException(string message, Exception innerException) : base(message, innerException) { }
}
