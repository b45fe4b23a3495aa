using System.Diagnostics;
using Maria.Runtime.Baselines;
using Maria.Runtime.Infilling;

namespace Maria.Runtime.Blanks;

/// <summary>
/// Where a blank search's time went, in <see cref="InfillTimings"/>' terms. The rows of one batched run share its
/// calls, so a run adds its longest row's times and calls (not their sum); scoring calls count as prefill.
/// </summary>
internal sealed class BlankSearchCost
{
    public TimeSpan Encoder { get; private set; }
    public TimeSpan Prefill { get; private set; }
    public TimeSpan Steps { get; private set; }
    public TimeSpan Sampling { get; private set; }
    public int EncoderCalls { get; private set; }
    public int DecoderCalls { get; private set; }

    public void Add(IReadOnlyList<InfillOutcome> outcomes)
    {
        var rows = outcomes.Where(o => o.Result is not null).Select(o => o.Result!).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        Encoder += rows.Max(r => r.Encoder);
        Prefill += rows.Max(r => r.Prefill);
        Steps += rows.Max(r => r.Steps);
        Sampling += rows.Max(r => r.Sampling);
        EncoderCalls++;
        DecoderCalls += rows.Max(r => r.DecoderCalls);
    }

    public void Add(BaselineResult generated)
    {
        Steps += generated.DecoderTime;
        DecoderCalls += generated.DecoderCalls;
    }

    /// <summary>Runs one teacher-forced scoring pass, counting it.</summary>
    public T Scoring<T>(bool withEncoder, Func<T> pass)
    {
        long started = Stopwatch.GetTimestamp();
        var result = pass();
        Prefill += Stopwatch.GetElapsedTime(started);
        DecoderCalls++;
        EncoderCalls += withEncoder ? 1 : 0;
        return result;
    }
}
