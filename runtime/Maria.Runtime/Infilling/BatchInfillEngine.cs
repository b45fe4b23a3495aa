using System.Diagnostics;
using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Maria.Runtime.Sampling;

namespace Maria.Runtime.Infilling;

/// <summary>
/// The paper's Algorithm 1 (maria-method.md §5) for many texts at once, with continuous batching: up to B texts hold a
/// cache slot each; every decoder call advances every active text by its own chunk (the chosen token plus the known
/// run up to its next mask, so one call per mask and the head only at the chunk's last state); a text that finishes
/// leaves and the next waiting one takes its slot; texts that join together share one encoder call. With B = 1 this
/// is exactly the one-text algorithm: the prefix up to the first mask in one call, then one call per mask.
/// </summary>
internal sealed class BatchInfillEngine
{
    /// <summary>
    /// With several texts in flight, every row of a call is padded to the call's chunk length, and padding costs as much
    /// as real tokens. So the call's length is capped at the rows' mean chunk length (at least this many tokens), and a
    /// longer chunk (a long known run, the prefix before a text's first mask) is fed over several calls. Measured on
    /// maria-tiny at 50% masking, batch 8: capping at 4 instead of 32 cut the padded tokens per call from 51 to 30 and
    /// the decoder time by a third.
    /// </summary>
    public const int MinSharedChunkTokens = 4;

    private readonly VocabularyManifest vocabulary;
    private readonly EncoderSession encoder;
    private readonly DecoderSession decoder;
    private readonly Func<int, string> decodeToken;

    public BatchInfillEngine(VocabularyManifest vocabulary, EncoderSession encoder, DecoderSession decoder, Func<int, string> decodeToken)
    {
        this.vocabulary = vocabulary;
        this.encoder = encoder;
        this.decoder = decoder;
        this.decodeToken = decodeToken;
    }

    /// <summary>
    /// Fills every job, at most <paramref name="batchSize"/> at a time, pulling jobs from <paramref name="jobs"/> as
    /// slots free up; <paramref name="onOutcome"/> sees each job as soon as it ends (jobs end out of order).
    /// With <paramref name="reuseCache"/> false every mask recomputes its whole prefix in an emptied slot (the paper's
    /// "no KV cache" baseline); the choices are the same.
    /// </summary>
    public void Run(IEnumerable<InfillJob> jobs, int batchSize, bool reuseCache, Action<InfillOutcome> onOutcome, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        using var pending = jobs.GetEnumerator();
        int nextIndex = 0;
        bool exhausted = false;
        var rows = new ActiveRow?[batchSize];
        KeyValueCache? cache = null;
        try
        {
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                if (!exhausted)
                {
                    exhausted = Admit(pending, rows, ref nextIndex, onOutcome, cancellation);
                }
                else
                {
                    Compact(rows, cache);
                }
                var active = rows.Where(r => r is not null).Select(r => r!).ToList();
                if (active.Count == 0)
                {
                    if (exhausted)
                    {
                        break;
                    }
                    continue;
                }
                // Small at first: the graph reads the whole buffer, so it grows only as far as the longest text has come.
                cache ??= decoder.CreateCache(batchSize, 1);
                foreach (var row in active.Where(r => r.Fresh))
                {
                    cache.Reset(row.Slot);
                    row.Fresh = false;
                }
                Step(cache, active, reuseCache, onOutcome, rows, cancellation);
            }
        }
        finally
        {
            cache?.Dispose();
        }
    }

    /// <summary>Moves waiting jobs into free slots (one encoder call for all of them); true when no job is left.</summary>
    private bool Admit(IEnumerator<InfillJob> pending, ActiveRow?[] rows, ref int nextIndex, Action<InfillOutcome> onOutcome, CancellationToken cancellation)
    {
        var joining = new List<(int Index, InfillJob Job)>();
        int free = rows.Count(r => r is null);
        bool exhausted = false;
        while (joining.Count < free)
        {
            if (!pending.MoveNext())
            {
                exhausted = true;
                break;
            }
            var job = pending.Current;
            int index = nextIndex++;
            if (job.Masks.Length == 0)
            {
                onOutcome(new InfillOutcome(index, new TokenInfill([], TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0), null));
                continue;
            }
            joining.Add((index, job));
        }
        if (joining.Count == 0)
        {
            return exhausted;
        }
        // One MLM pass for the joining texts: [CLS] x' [SEP] each, u_i kept for the masks only.
        var started = Stopwatch.GetTimestamp();
        var encoded = encoder.Run(
            joining.Select(j => new EncoderRequest(ModelStreams.Masked(vocabulary, j.Job.Tokens, j.Job.Masks), ModelStreams.MaskedRows(j.Job.Masks), [])).ToList(),
            cancellation);
        var encoderTime = Stopwatch.GetElapsedTime(started);
        int next = 0;
        for (int slot = 0; slot < rows.Length && next < joining.Count; slot++)
        {
            if (rows[slot] is null)
            {
                var (index, job) = joining[next];
                rows[slot] = new ActiveRow(index, slot, job, encoded[next].Rows, ModelStreams.Causal(vocabulary, job.Tokens, job.Tokens.Length + 1), encoderTime);
                next++;
            }
        }
        return exhausted;
    }

    /// <summary>With no job waiting, moves the highest active row into the lowest free slot so calls bind fewer slots.</summary>
    private static void Compact(ActiveRow?[] rows, KeyValueCache? cache)
    {
        while (cache is not null)
        {
            int hole = Array.FindIndex(rows, r => r is null);
            int last = Array.FindLastIndex(rows, r => r is not null);
            if (hole < 0 || last < 0 || hole > last)
            {
                return;
            }
            var row = rows[last]!;
            if (!row.Fresh)
            {
                cache.Move(last, hole);
            }
            rows[hole] = row;
            rows[last] = null;
            row.Slot = hole;
        }
    }

    /// <summary>One decoder call advancing every active row; chooses the tokens of rows that reached a mask.</summary>
    private void Step(KeyValueCache cache, List<ActiveRow> active, bool reuseCache, Action<InfillOutcome> onOutcome, ActiveRow?[] rows, CancellationToken cancellation)
    {
        int dMlm = encoder.HiddenSize;
        var chunks = new List<DecoderChunk>(active.Count);
        var reachesMask = new bool[active.Count];
        foreach (var row in active)
        {
            if (!reuseCache && cache.Length(row.Slot) > 0 && row.AtMaskStart)
            {
                cache.Reset(row.Slot);  // the no-cache baseline: every mask reads its whole prefix again
            }
        }
        // Stream [start, end) of each row: the state at stream index end-1 predicts its next mask.
        int[] remaining = [.. active.Select(row => row.Job.Masks[row.Next] + 1 - cache.Length(row.Slot))];
        int limit = active.Count == 1 ? int.MaxValue : Math.Max(MinSharedChunkTokens, (int)Math.Ceiling(remaining.Average()));
        for (int r = 0; r < active.Count; r++)
        {
            var row = active[r];
            int start = cache.Length(row.Slot);
            int end = start + remaining[r];
            int length = Math.Min(remaining[r], limit);
            reachesMask[r] = start + length == end;
            row.AtMaskStart = reachesMask[r];
            var tokens = row.Stream.AsMemory(start, length);
            chunks.Add(reachesMask[r]
                ? new DecoderChunk(row.Slot, tokens, [length - 1], row.MlmRows.AsMemory(row.Next * dMlm, dMlm), [])
                : DecoderChunk.Prefill(row.Slot, tokens));
        }

        long started = Stopwatch.GetTimestamp();
        var result = decoder.Run(cache, chunks, cancellation);
        var elapsed = Stopwatch.GetElapsedTime(started);

        for (int r = 0; r < active.Count; r++)
        {
            var row = active[r];
            row.DecoderCalls++;
            if (chunks[r].Tokens.Length > 1)
            {
                row.Prefill += elapsed;
            }
            else
            {
                row.Steps += elapsed;
            }
            if (!reachesMask[r])
            {
                continue;
            }
            long sampleStart = Stopwatch.GetTimestamp();
            int token;
            float probability;
            try
            {
                (token, probability) = row.Sampler.Choose(result.MariaLogits(r, 0), row.Job.Masks[row.Next], row.Job.Allowed?[row.Next]);
            }
            catch (MariaInputException e)
            {
                rows[row.Slot] = null;
                cache.Reset(row.Slot);
                onOutcome(new InfillOutcome(row.Index, null, e));
                continue;
            }
            row.Sampling += Stopwatch.GetElapsedTime(sampleStart);
            int i = row.Job.Masks[row.Next];
            row.Job.Tokens[i] = token;
            if (i + 1 < row.Stream.Length)
            {
                row.Stream[i + 1] = token;
            }
            var filled = new FilledToken(row.Next, i, token, decodeToken(token), probability)
            {
                Alternatives = row.Job.Alternatives > 0 ? TopTokens.Of(result.MariaLogits(r, 0), row.Job.Alternatives, decodeToken) : [],
            };
            row.Filled.Add(filled);
            row.Job.OnToken?.Invoke(filled);
            row.Next++;
            if (row.Next == row.Job.Masks.Length)
            {
                rows[row.Slot] = null;
                cache.Reset(row.Slot);
                onOutcome(new InfillOutcome(row.Index, new TokenInfill(row.Filled, row.Encoder, row.Prefill, row.Steps, row.Sampling, row.DecoderCalls), null));
            }
        }
    }

    /// <summary>A text holding a cache slot: where it is in its masks and what it has cost so far.</summary>
    private sealed class ActiveRow(int index, int slot, InfillJob job, float[] mlmRows, long[] stream, TimeSpan encoder)
    {
        public int Index { get; } = index;
        public int Slot { get; set; } = slot;
        public InfillJob Job { get; } = job;
        public float[] MlmRows { get; } = mlmRows;           // [masks, d_mlm]
        public long[] Stream { get; } = stream;               // [BOS] x_1 .. x_n, filled in as masks are chosen
        public TokenSampler Sampler { get; } = new(job.Sampling);
        public List<FilledToken> Filled { get; } = new(job.Masks.Length);
        public int Next { get; set; }
        public bool Fresh { get; set; } = true;
        public bool AtMaskStart { get; set; } = true;
        public TimeSpan Encoder { get; } = encoder;
        public TimeSpan Prefill { get; set; }
        public TimeSpan Steps { get; set; }
        public TimeSpan Sampling { get; set; }
        public int DecoderCalls { get; set; }
    }
}
