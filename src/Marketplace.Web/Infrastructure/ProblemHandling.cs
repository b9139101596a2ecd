using System.Text.Json;
using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// Turns every exception into an RFC 7807 answer with a Chinese title and detail. Errors the caller caused get
/// their 4xx; anything else is a 500 that carries only the trace id, never a stack trace.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException validation => Validation(validation),
            DomainConflictException conflict => Problem(StatusCodes.Status409Conflict, conflict.Title, conflict.Message, conflict.Code),
            DomainForbiddenException forbidden => Problem(StatusCodes.Status403Forbidden, forbidden.Title, forbidden.Message, forbidden.Code),
            DomainException domain => Problem(StatusCodes.Status400BadRequest, domain.Title, domain.Message, domain.Code),
            NotFoundException notFound => Problem(StatusCodes.Status404NotFound, "未找到", notFound.Message, "not_found"),
            ForbiddenException forbidden => Problem(StatusCodes.Status403Forbidden, "没有权限", forbidden.Message, "forbidden"),
            StaleVersionException stale => Problem(StatusCodes.Status409Conflict, "数据已被修改", stale.Message, "stale_version"),
            DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, "数据已被修改", "该记录已被他人修改，请刷新后重试。", "stale_version"),
            // Text PostgreSQL cannot store (a NUL character) or that exceeds a column: the caller's input, not a fault.
            DbUpdateException { InnerException: PostgresException inner } when InvalidText(inner) is { } text => text,
            PostgresException postgres when InvalidText(postgres) is { } text => text,
            BadHttpRequestException bad => BadRequest(bad),
            // A multipart body that ends before its closing boundary: the form reader's own error, the caller's fault.
            IOException or InvalidDataException when exception.TargetSite?.DeclaringType?.Namespace == "Microsoft.AspNetCore.WebUtilities"
                => Problem(StatusCodes.Status400BadRequest, "上传内容不完整", "multipart/form-data 请求体格式错误或不完整。", "malformed_multipart"),
            JsonException json => BadJson(json),
            _ when DatabaseUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable,
                "服务暂不可用", "数据库暂时无法访问，请稍后重试。", "database_unavailable"),
            _ => null,
        };

        if (problem is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "服务器内部错误", "服务器处理请求时出错，请稍后重试；如问题持续，请向管理员提供追踪编号。", "internal_error");
        }
        else if (problem.Status >= 500)
        {
            LogUnavailable(logger, exception, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>
    /// The database is down or restarting, wherever the failure surfaced: a refused connection, a server shutting down
    /// (57P01–57P03), a broken connection (08xxx), or the same wrapped by EF Core's save. These are 503s the client may
    /// retry, not 500s: nothing was committed.
    /// </summary>
    internal static bool DatabaseUnavailable(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300":
                    return true;
                case NpgsqlException { IsTransient: true }:
                case TimeoutException:
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return false;
    }

    private static ProblemDetails Problem(int status, string title, string detail, string code)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        return problem;
    }

    private static ProblemDetails? InvalidText(PostgresException exception) => exception.SqlState switch
    {
        PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter
            => Problem(StatusCodes.Status400BadRequest, "文本含有不允许的字符", "提交的文字中含有无法保存的字符（如空字符 \\0），请删除后重试。", "invalid_character"),
        PostgresErrorCodes.StringDataRightTruncation
            => Problem(StatusCodes.Status400BadRequest, "文本过长", "提交的文字超过了允许的长度。", "text_too_long"),
        _ => null,
    };

    private static ValidationProblemDetails Validation(ValidationException exception)
    {
        var errors = exception.Errors
            .GroupBy(e => string.IsNullOrEmpty(e.PropertyName) ? "$" : e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        var problem = new ValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "请求参数校验失败",
            Detail = string.Join(" ", errors.Values.SelectMany(v => v).Take(5)),
        };
        problem.Extensions["code"] = "validation_failed";
        return problem;
    }

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return BadJson(json);
        }

        return exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => Problem(413, "请求体过大", "请求体超过了允许的大小。", "payload_too_large"),
            StatusCodes.Status415UnsupportedMediaType => Problem(415, "不支持的内容类型", "请以 application/json 提交请求体。", "unsupported_media_type"),
            _ when exception.Message.Contains("body was not provided", StringComparison.OrdinalIgnoreCase)
                => Problem(400, "缺少请求体", "该接口需要 JSON 格式的请求体。", "body_required"),
            _ => Problem(exception.StatusCode is >= 400 and < 500 ? exception.StatusCode : 400,
                "请求无效", "请求参数的格式或类型不正确。", "bad_request"),
        };
    }

    private static ValidationProblemDetails BadJson(JsonException exception)
    {
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        var problem = new ValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [path == "$" ? "请求体不是有效的 JSON。" : "该字段的值格式或类型不正确。"],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "请求体格式错误",
            Detail = path == "$" ? "请求体不是有效的 JSON。" : $"字段 {field} 的值格式或类型不正确。",
        };
        problem.Extensions["code"] = "malformed_json";
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependency unavailable while serving {Path}")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string path);
}

/// <summary>Chinese titles for the answers the framework writes itself (401/403/404/405/415 without a body).</summary>
public static class ProblemTitles
{
    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var (title, detail) = status switch
        {
            400 => ("请求无效", "请求的格式或参数不正确。"),
            401 => ("未登录", "请先登录或提供有效的访问令牌。"),
            403 => ("没有权限", "当前账户无权执行该操作。"),
            404 => ("未找到", "请求的资源不存在。"),
            405 => ("不支持的请求方法", "该地址不支持此 HTTP 方法。"),
            409 => ("冲突", "请求与资源的当前状态冲突。"),
            413 => ("请求体过大", "请求体超过了允许的大小。"),
            415 => ("不支持的内容类型", "请以 application/json 提交请求体。"),
            429 => ("请求过于频繁", "请稍后再试。"),
            503 => ("服务暂不可用", "服务暂时不可用，请稍后重试。"),
            >= 500 => ("服务器内部错误", "服务器处理请求时出错。"),
            _ => (problem.Title, problem.Detail),
        };

        // Only replace the framework's English defaults; titles set by our own handlers stay.
        if (problem.Title is null || IsEnglishDefault(problem.Title))
        {
            problem.Title = title;
        }

        problem.Detail ??= detail;
        problem.Instance ??= context.HttpContext.Request.Path;
    }

    private static bool IsEnglishDefault(string title) => title.All(c => c < 0x2E80);
}
