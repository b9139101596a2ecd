using System.Threading.Channels;

namespace Marketplace.Infrastructure.Outbox;

/// <summary>
/// Wakes this process's outbox worker as soon as a transaction that wrote outbox rows commits, so a change is
/// searchable in well under a second; the worker's poll is only the fallback (rows written by other instances,
/// a missed poke).
/// </summary>
public sealed class SearchOutboxSignal
{
    // One slot is enough: the worker reads everything pending when it wakes, so further pokes add nothing.
    private readonly Channel<bool> _pokes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Poke() => _pokes.Writer.TryWrite(true);

    /// <summary>Returns when poked (or already poked since the last wait) or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poked = _pokes.Reader.WaitToReadAsync(stop.Token).AsTask();
        var elapsed = Task.Delay(timeout, clock, stop.Token);
        await Task.WhenAny(poked, elapsed);
        await stop.CancelAsync();
        while (_pokes.Reader.TryRead(out _))
        {
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
