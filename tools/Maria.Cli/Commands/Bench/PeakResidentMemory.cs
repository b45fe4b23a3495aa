namespace Maria.Cli.Commands.Bench;

/// <summary>
/// The peak resident set of this process over a stretch of time, sampled on a timer. VmHWM (/proc/self/status) is the
/// peak since the process started and never falls, so it cannot tell one batch size from the one before it; a
/// sampler started and stopped around each batch size can. Samples are <see cref="Environment.WorkingSet"/> (VmRSS on
/// Linux: managed heap and ONNX Runtime's native memory alike) every <see cref="Interval"/>, plus one at the start and
/// one at the end, so a peak shorter than the interval between samples can be missed.
/// </summary>
internal sealed class PeakResidentMemory : IDisposable
{
    /// <summary>Time between samples.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private readonly Timer timer;
    private long peak;

    private PeakResidentMemory()
    {
        Sample();
        timer = new Timer(_ => Sample(), null, Interval, Interval);
    }

    /// <summary>The largest sample so far, in MiB.</summary>
    public double PeakMebibytes => Interlocked.Read(ref peak) / (1024.0 * 1024.0);

    /// <summary>Starts sampling now.</summary>
    public static PeakResidentMemory Start() => new();

    /// <summary>Stops the timer after a last sample.</summary>
    public void Dispose()
    {
        timer.Dispose();
        Sample();
    }

    private void Sample()
    {
        long now = Environment.WorkingSet;
        long seen = Interlocked.Read(ref peak);
        while (now > seen)
        {
            long previous = Interlocked.CompareExchange(ref peak, now, seen);
            if (previous == seen)
            {
                break;
            }
            seen = previous;
        }
    }
}
