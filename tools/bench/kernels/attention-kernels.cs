#:project ../../../export/Maria.Export/Maria.Export.csproj
#:package Microsoft.ML.OnnxRuntime
#:property PublishAot=false
// One cached-attention layer run alone by ONNX Runtime, three ways, for B texts of R query rows each on a static cache
// of T slots (kv heads x head_dim D): where the decoder's attention time goes at batch 1 and batch 8, and what a
// different graph would save. Prints ms per call and the cache bytes the call reads (K and V: 2·B·kv·T·D·4) per second.
//
//   shipped     what package format 2 emits (CachedAttentionBlock): scores = q·Kᵀ (MatMul over a Transpose, which
//               ONNX Runtime fuses to FusedMatMul transB), softmax, p·V. The cache is the second operand of both
//               products, which MLAS packs (copies) before multiplying whenever a product has more than one row.
//   cache-as-a  the same products turned round so the cache is the first operand, read in place: scoresᵀ = K·qᵀ
//               [T, R], softmax over T, contextᵀ = Vᵀ·pᵀ with V stored transposed in the cache ([B, kv, D, T]).
//   gqa         com.microsoft GroupQueryAttention, one new token per text (R = 1: the only shape it accepts after a
//               past with more than one text), each text reading its own length (seqlens_k) from a buffer of T
//               slots bound as both past and present (in place, as onnxruntime-genai does); lengths spread evenly
//               over 1..T-1 for B > 1, T-1 for B = 1.
//
// Usage: dotnet run tools/bench/kernels/attention-kernels.cs -- B,R,T[;B,R,T...] [KV_HEADS] [HEAD_DIM] [THREADS] [SECONDS]
//   e.g. "1,1,320;1,2,320;8,4,576" 4 64 2     (maria-tiny: a lone text, the pair, a batch-8 call; 4 layers per step)
using System.Diagnostics;
using Maria.Export.Onnx;
using Microsoft.ML.OnnxRuntime;
using DataType = Maria.Export.Onnx.Proto.TensorProto.Types.DataType;

if (args.Length < 1)
{
    Console.Error.WriteLine("error: usage: dotnet run tools/bench/kernels/attention-kernels.cs -- B,R,T[;B,R,T...] [KV_HEADS] [HEAD_DIM] [THREADS] [SECONDS]");
    return 1;
}
(int Batch, int Rows, int Slots)[] shapes;
int kvHeads, headDim, threads;
double seconds;
try
{
    shapes = args[0].Split(';').Select(ParseShape).ToArray();
    kvHeads = args.Length > 1 ? PositiveInt(args[1], "KV_HEADS") : 4;
    headDim = args.Length > 2 ? PositiveInt(args[2], "HEAD_DIM") : 64;
    threads = args.Length > 3 ? PositiveInt(args[3], "THREADS") : 0;
    seconds = args.Length > 4 && double.TryParse(args[4], System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0 ? s
        : args.Length > 4 ? throw new ArgumentException($"SECONDS '{args[4]}' is not a positive number") : 2;
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}

string folder = Path.Combine(Path.GetTempPath(), "maria-attention-" + Environment.ProcessId);
Directory.CreateDirectory(folder);
try
{
    Console.WriteLine($"kv heads {kvHeads}, head_dim {headDim}, threads {(threads == 0 ? "default" : threads)}, ~{seconds} s per cell");
    Console.WriteLine($"{"variant",-11} {"B",3} {"R",3} {"T",5} {"cache MB",9} {"ms/call",8} {"GB/s",6}");
    using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
    if (threads > 0)
    {
        options.IntraOpNumThreads = threads;
    }
    foreach (var (batch, rows, slots) in shapes)
    {
        double cacheMegabytes = 2.0 * batch * kvHeads * slots * headDim * 4 / 1e6;
        float[] shipped = [];
        foreach (string variant in new[] { "shipped", "cache-as-a", "gqa" })
        {
            if (variant == "gqa" && rows != 1)
            {
                continue;
            }
            string path = Path.Combine(folder, variant + ".onnx");
            (variant == "gqa" ? GroupQueryGraph(kvHeads, headDim) : MatMulGraph(variant == "cache-as-a")).Save(path);
            using var session = new InferenceSession(path, options);
            float[] context = [];
            double ms = variant == "gqa"
                ? TimeGroupQuery(session, batch, slots, kvHeads, headDim, seconds)
                : TimeMatMul(session, variant == "cache-as-a", batch, rows, slots, kvHeads, headDim, seconds, out context);
            Console.WriteLine($"{variant,-11} {batch,3} {rows,3} {slots,5} {cacheMegabytes,9:F2} {ms,8:F3} {cacheMegabytes / ms,6:F1}");
            if (variant == "shipped")
            {
                shipped = context;
            }
            else if (variant == "cache-as-a")
            {
                float difference = shipped.Zip(context, (a, b) => MathF.Abs(a - b)).Max();
                Console.WriteLine($"  shipped and cache-as-a outputs: max |difference| {difference:E1}");
            }
        }
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}
return 0;

// q [B, kv, R, D], k [B, kv, T, D], v [B, kv, T, D] (or vt [B, kv, D, T]), bias [B, 1, R, T] -> y [B, kv, R, D].
static OnnxGraphBuilder MatMulGraph(bool cacheFirst)
{
    var builder = new OnnxGraphBuilder();
    string q = builder.AddInput("q", DataType.Float, "B", "kv", "R", "D");
    string k = builder.AddInput("k", DataType.Float, "B", "kv", "T", "D");
    string v = cacheFirst ? builder.AddInput("vt", DataType.Float, "B", "kv", "D", "T") : builder.AddInput("v", DataType.Float, "B", "kv", "T", "D");
    string bias = builder.AddInput("bias", DataType.Float, "B", 1, "R", "T");
    string scores;
    if (cacheFirst)
    {
        string qT = builder.AddNode("/q/Transpose", "Transpose", [q], OnnxAttribute.Ints("perm", 0, 1, 3, 2));        // [B, kv, D, R]
        string scoresT = builder.AddNode("/scores/MatMul", "MatMul", [k, qT]);                                        // [B, kv, T, R]
        scores = builder.AddNode("/scores/Transpose", "Transpose", [scoresT], OnnxAttribute.Ints("perm", 0, 1, 3, 2)); // [B, kv, R, T]
    }
    else
    {
        string kT = builder.AddNode("/k/Transpose", "Transpose", [k], OnnxAttribute.Ints("perm", 0, 1, 3, 2));        // [B, kv, D, T]
        scores = builder.AddNode("/scores/MatMul", "MatMul", [q, kT]);                                               // [B, kv, R, T]
    }
    string biased = builder.AddNode("/scores/Add", "Add", [scores, bias]);
    string p = builder.AddNode("/Softmax", "Softmax", [biased], OnnxAttribute.Int("axis", -1));
    if (cacheFirst)
    {
        string pT = builder.AddNode("/p/Transpose", "Transpose", [p], OnnxAttribute.Ints("perm", 0, 1, 3, 2));        // [B, kv, T, R]
        string contextT = builder.AddNode("/context/MatMul", "MatMul", [v, pT]);                                     // [B, kv, D, R]
        builder.AddNode("/context/Transpose", "Transpose", OnnxDomains.Standard, [contextT], ["y"], OnnxAttribute.Ints("perm", 0, 1, 3, 2));
    }
    else
    {
        builder.AddNode("/context/MatMul", "MatMul", OnnxDomains.Standard, [p, v], ["y"]);
    }
    builder.AddOutput("y", DataType.Float, "B", "kv", "R", "D");
    return builder;
}

// Times one MatMul variant; `context` gets its output y [B, kv, R, D] (the same inputs for both variants, V transposed for
// cache-as-a), so the two can be checked to compute the same attention.
static double TimeMatMul(InferenceSession session, bool cacheFirst, int batch, int rows, int slots, int kvHeads, int headDim, double seconds, out float[] context)
{
    var q = Filled([batch, kvHeads, rows, headDim], 0.1f);
    var k = Filled([batch, kvHeads, slots, headDim], 0.2f);
    var v = cacheFirst ? Transposed(Values([batch, kvHeads, slots, headDim], 0.3f), batch * kvHeads, slots, headDim, [batch, kvHeads, headDim, slots])
        : Filled([batch, kvHeads, slots, headDim], 0.3f);
    var bias = OrtValue.CreateTensorValueFromMemory(new float[batch * rows * slots], [batch, 1, rows, slots]);
    var names = new[] { "q", "k", cacheFirst ? "vt" : "v", "bias" };
    var inputs = new[] { q, k, v, bias };
    try
    {
        using (var result = session.Run(new RunOptions(), names, inputs, ["y"]))
        {
            context = result[0].GetTensorDataAsSpan<float>().ToArray();
        }
        return Time(() => session.Run(new RunOptions(), names, inputs, ["y"]).Dispose(), seconds);
    }
    finally
    {
        foreach (var value in inputs)
        {
            value.Dispose();
        }
    }
}

// GroupQueryAttention with one token per text: query/key/value [B, 1, heads·D] (heads = kv here), past = present buffers
// [B, kv, T, D] bound to one OrtValue each so the new row is written in place.
static OnnxGraphBuilder GroupQueryGraph(int kvHeads, int headDim)
{
    var builder = new OnnxGraphBuilder();
    string query = builder.AddInput("query", DataType.Float, "B", 1, kvHeads * headDim);
    string key = builder.AddInput("key", DataType.Float, "B", 1, kvHeads * headDim);
    string value = builder.AddInput("value", DataType.Float, "B", 1, kvHeads * headDim);
    string pastKey = builder.AddInput("past_key", DataType.Float, "B", kvHeads, "T", headDim);
    string pastValue = builder.AddInput("past_value", DataType.Float, "B", kvHeads, "T", headDim);
    string seqlens = builder.AddInput("seqlens_k", DataType.Int32, "B");
    string total = builder.AddInput("total_sequence_length", DataType.Int32, 1);
    builder.AddNode("/GroupQueryAttention", "GroupQueryAttention", OnnxDomains.Microsoft,
        [query, key, value, pastKey, pastValue, seqlens, total], ["y", "present_key", "present_value"],
        OnnxAttribute.Int("num_heads", kvHeads), OnnxAttribute.Int("kv_num_heads", kvHeads));
    builder.AddOutput("y", DataType.Float, "B", 1, kvHeads * headDim);
    builder.AddOutput("present_key", DataType.Float, "B", kvHeads, "T", headDim);
    builder.AddOutput("present_value", DataType.Float, "B", kvHeads, "T", headDim);
    return builder;
}

static double TimeGroupQuery(InferenceSession session, int batch, int slots, int kvHeads, int headDim, double seconds)
{
    int width = kvHeads * headDim;
    using var query = Filled([batch, 1, width], 0.1f);
    using var key = Filled([batch, 1, width], 0.2f);
    using var value = Filled([batch, 1, width], 0.3f);
    using var pastKey = Filled([batch, kvHeads, slots, headDim], 0.2f);
    using var pastValue = Filled([batch, kvHeads, slots, headDim], 0.3f);
    // Each text's past length (seqlens_k = past + new - 1): spread over the buffer for a batch, the last slot for one text.
    var lengths = Enumerable.Range(0, batch).Select(b => batch == 1 ? slots - 2 : (int)((long)(b + 1) * (slots - 2) / batch)).ToArray();
    using var seqlens = OrtValue.CreateTensorValueFromMemory(lengths, [batch]);
    using var total = OrtValue.CreateTensorValueFromMemory(new[] { lengths.Max() + 1 }, [1]);
    using var output = Filled([batch, 1, width], 0f);
    using var binding = session.CreateIoBinding();
    binding.BindInput("query", query);
    binding.BindInput("key", key);
    binding.BindInput("value", value);
    binding.BindInput("past_key", pastKey);
    binding.BindInput("past_value", pastValue);
    binding.BindInput("seqlens_k", seqlens);
    binding.BindInput("total_sequence_length", total);
    binding.BindOutput("y", output);
    binding.BindOutput("present_key", pastKey);
    binding.BindOutput("present_value", pastValue);
    using var runOptions = new RunOptions();
    return Time(() => session.RunWithBinding(runOptions, binding), seconds);
}

static double Time(Action call, double seconds)
{
    for (int warm = 0; warm < 5; warm++)
    {
        call();
    }
    int calls = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds || calls < 5)
    {
        call();
        calls++;
    }
    return clock.Elapsed.TotalMilliseconds / calls;
}

static OrtValue Filled(long[] shape, float scale) => OrtValue.CreateTensorValueFromMemory(Values(shape, scale), shape);

static float[] Values(long[] shape, float scale)
{
    var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
    for (int i = 0; i < data.Length; i++)
    {
        data[i] = MathF.Sin(i * 0.37f) * scale;
    }
    return data;
}

// [matrices, rows, columns] -> [matrices, columns, rows], as a tensor of the given shape.
static OrtValue Transposed(float[] data, int matrices, int rows, int columns, long[] shape)
{
    var result = new float[data.Length];
    for (int m = 0; m < matrices; m++)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[(m * columns + c) * rows + r] = data[(m * rows + r) * columns + c];
            }
        }
    }
    return OrtValue.CreateTensorValueFromMemory(result, shape);
}

static int PositiveInt(string text, string name) =>
    int.TryParse(text, out int value) && value > 0 ? value : throw new ArgumentException($"{name} '{text}' is not a positive whole number");

static (int Batch, int Rows, int Slots) ParseShape(string text)
{
    var parts = text.Split(',');
    if (parts.Length != 3 || !int.TryParse(parts[0], out int b) || !int.TryParse(parts[1], out int r) || !int.TryParse(parts[2], out int t) || b < 1 || r < 1 || t < 3)
    {
        throw new ArgumentException($"shape '{text}': give B,R,T (texts, query rows per text, cache slots), e.g. 8,4,576");
    }
    return (b, r, t);
}
