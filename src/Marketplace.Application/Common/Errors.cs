namespace Marketplace.Application.Common;

/// <summary>The thing asked for does not exist, or the caller may not know that it exists (both answer 404).</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string what, object key)
        : base($"未找到{what}（{key}）。")
    {
        What = what;
    }

    public NotFoundException() : this("资源", "") { }

    public NotFoundException(string message) : base(message)
    {
        What = "资源";
    }

    public NotFoundException(string message, Exception innerException) : base(message, innerException)
    {
        What = "资源";
    }

    public string What { get; }
}

/// <summary>The caller is known but may not do this (403).</summary>
public sealed class ForbiddenException : Exception
{
    public ForbiddenException() : this("没有执行该操作的权限。") { }

    public ForbiddenException(string message) : base(message) { }

    public ForbiddenException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>The caller acted on a stale copy: someone else changed the record first (409).</summary>
public sealed class StaleVersionException : Exception
{
    public StaleVersionException() : this("该记录已被他人修改，请刷新后重试。") { }

    public StaleVersionException(string message) : base(message) { }

    public StaleVersionException(string message, Exception innerException) : base(message, innerException) { }
}
