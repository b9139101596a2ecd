using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// Phone numbers, e-mail addresses and ID numbers never reach the logs in full, whatever a message or an exception
/// text carries (an Npgsql error quoting a row, a validation message echoing input): the console formatter masks
/// every line it writes. Masked, not removed, so an operator can still tell two log lines about the same person apart.
/// </summary>
public static partial class PersonalDataMasking
{
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // 18-digit resident ID first: it contains runs that would otherwise read as phone numbers.
        text = IdNumber().Replace(text, m => m.Groups[1].Value + "********" + m.Groups[2].Value);
        text = Mobile().Replace(text, m => m.Groups[1].Value + "****" + m.Groups[2].Value);
        return Email().Replace(text, m => m.Groups[1].Value + "***@" + m.Groups[2].Value);
    }

    [GeneratedRegex(@"(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")]
    private static partial Regex Email();
}

/// <summary>The "masked" console format: the simple format's layout, every line through <see cref="PersonalDataMasking"/>.</summary>
public sealed class MaskingConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "masked";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var level = logEntry.LogLevel switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            LogLevel.Critical => "crit",
            _ => "none",
        };
        var text = $"{level}: {logEntry.Category}[{logEntry.EventId.Id}]{Environment.NewLine}      {message}";
        if (logEntry.Exception is { } error)
        {
            text += Environment.NewLine + error;
        }

        textWriter.WriteLine(PersonalDataMasking.Mask(text));
    }
}
