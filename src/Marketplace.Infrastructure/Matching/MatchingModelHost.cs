using System.Security.Cryptography;
using Marketplace.Application.Matching;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.Matching;

/// <summary>
/// Serves the matching model from <see cref="MatchingOptions.ModelPath"/>: loaded once at start-up, replaced without a
/// restart when a new file is published there (the train command writes a temporary file and renames it over the old
/// one, so a reader never sees half a model). A file-system watcher notices the rename; a cheap check of the file's
/// time and size at most every <see cref="RecheckInterval"/> catches what a watcher misses (network shares, some
/// container mounts). A file that fails to load leaves the previous model serving and is logged. Every request takes
/// one <see cref="RankerSnapshot"/>, so its scores and reasons come from the same model even if a swap happens meanwhile.
/// </summary>
public sealed partial class MatchingModelHost : IMatchRanker, IDisposable
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);

    private readonly string _path;
    private readonly TimeProvider _clock;
    private readonly ILogger<MatchingModelHost> _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _gate = new();
    private volatile Snapshot? _current;
    private (DateTime WrittenAt, long Length)? _loadedStamp;
    private DateTimeOffset _checkedAt;

    public MatchingModelHost(MatchingOptions options, TimeProvider clock, ILogger<MatchingModelHost> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _path = Path.GetFullPath(options.ModelPath);
        _clock = clock;
        _logger = logger;
        var folder = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(folder);
        Reload();
        _watcher = new FileSystemWatcher(folder, Path.GetFileName(_path)) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
        _watcher.EnableRaisingEvents = true;
    }

    public string? Version => Current?.Version;

    public RankerSnapshot? Current
    {
        get
        {
            var now = _clock.GetUtcNow();
            if (now - _checkedAt >= RecheckInterval)
            {
                _checkedAt = now;
                if (Stamp() != _loadedStamp)
                {
                    Reload();
                }
            }

            return _current;
        }
    }

    /// <summary>Loads the file if it changed since the last load; returns whether a new model now serves.</summary>
    public bool Reload()
    {
        lock (_gate)
        {
            var stamp = Stamp();
            if (stamp == _loadedStamp)
            {
                return false;
            }

            if (stamp is null)
            {
                _loadedStamp = null;
                if (_current is not null)
                {
                    LogRemoved(_logger, _path);
                }

                _current = null;
                return false;
            }

            try
            {
                // Read whole first: the version is the content's hash, and the model loads from the same bytes.
                var bytes = File.ReadAllBytes(_path);
                var version = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
                if (_current?.Version == version)
                {
                    _loadedStamp = stamp;
                    return false;
                }

                using var stream = new MemoryStream(bytes, writable: false);
                _current = new Snapshot(LightGbmRanker.Load(stream), version);
                _loadedStamp = stamp;
                LogLoaded(_logger, version, _path);
                return true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Half-written (a writer not using rename) or not a model: keep serving the old one, try again later.
                LogFailed(_logger, e, _path);
                return false;
            }
        }
    }

    public void Dispose() => _watcher?.Dispose();

    private (DateTime, long)? Stamp()
    {
        var file = new FileInfo(_path);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : null;
    }

    private sealed class Snapshot(LightGbmRanker model, string version) : RankerSnapshot
    {
        public override string Version => version;

        public override float[] Score(IReadOnlyList<float[]> rows) => rows.Count == 0 ? [] : model.Score(rows);

        public override IReadOnlyList<float[]> Contributions(IReadOnlyList<float[]> rows) =>
            rows.Count == 0 ? [] : model.Explain(rows).Select(r => r.Contributions).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "匹配模型已加载：版本 {Version}（{Path}）")]
    private static partial void LogLoaded(ILogger logger, string version, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "匹配模型文件无法加载，继续使用当前模型：{Path}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "匹配模型文件已删除，改用启发式排序：{Path}")]
    private static partial void LogRemoved(ILogger logger, string path);
}
