namespace Marketplace.Testing;

/// <summary>
/// The app's clock in tests: the real time plus an offset a test can move forward, so deadlines, abandonment periods
/// and follow-up evaluations can be reached without waiting. Timers still tick in real time (the deadline service
/// runs every second in tests), and they read "now" from here.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}
