#:package Microsoft.ML.OnnxRuntime
#:property PublishAot=false
// A package's MLM encoder graph run alone by ONNX Runtime on B texts of T tokens each (no padding, hidden states only,
// as infilling calls it): ms per call and per text at each batch size, in one process. Shows whether encoding texts
// together is cheaper per text than one at a time (it is not when a single text already fills the products with T rows).
// Graph file and input/output names come from the package's maria.json.
//
// Usage: dotnet run tools/bench/kernels/encoder-batches.cs -- PACKAGE TOKENS B[,B...] [THREADS] [SECONDS]
//   e.g. models/maria-tiny 514 1,2,4,8 2      (a 512-token record with [CLS] and [SEP])
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;

if (args.Length < 3)
{
    Console.Error.WriteLine("error: usage: dotnet run tools/bench/kernels/encoder-batches.cs -- PACKAGE TOKENS B[,B...] [THREADS] [SECONDS]");
    return 1;
}
string manifestPath = Path.Combine(args[0], "maria.json");
JsonNode encoder;
int tokens, threads;
int[] batchSizes;
double seconds;
try
{
    if (!File.Exists(manifestPath))
    {
        throw new ArgumentException($"{manifestPath}: no such file; pass a package folder (e.g. models/maria-tiny)");
    }
    encoder = JsonNode.Parse(File.ReadAllText(manifestPath))?["encoder"]
        ?? throw new ArgumentException($"{manifestPath}: no \"encoder\" entry; pass a package written by maria export");
    tokens = PositiveInt(args[1], "TOKENS");
    batchSizes = args[2].Split(',').Select(b => PositiveInt(b, "B")).ToArray();
    threads = args.Length > 3 ? PositiveInt(args[3], "THREADS") : 0;
    seconds = args.Length > 4 && double.TryParse(args[4], System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0 ? s
        : args.Length > 4 ? throw new ArgumentException($"SECONDS '{args[4]}' is not a positive number") : 3;
}
catch (Exception error) when (error is ArgumentException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}

string Name(string table, string role) => encoder[table]?[role]?.GetValue<string>()
    ?? throw new InvalidOperationException($"{manifestPath}: encoder.{table}.{role} is missing");
string[] inputNames = [Name("inputs", "input_ids"), Name("inputs", "attention_mask"), Name("inputs", "logit_positions")];
string[] outputNames = [Name("outputs", "mlm_hidden")];

using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
if (threads > 0)
{
    options.IntraOpNumThreads = threads;
}
using var session = new InferenceSession(Path.Combine(args[0], encoder["file"]!.GetValue<string>()), options);
Console.WriteLine($"{args[0]}: encoder, {tokens} tokens per text, threads {(threads == 0 ? "default" : threads)}, ~{seconds} s per batch size");
Console.WriteLine($"{"B",3} {"ms/call",9} {"ms/text",8}");
foreach (int batch in batchSizes)
{
    // Token ids from a fixed formula (their values do not change the speed); every position real.
    var ids = new long[batch * tokens];
    for (int i = 0; i < ids.Length; i++)
    {
        ids[i] = 5 + i * 7919L % 4000;
    }
    using var inputIds = OrtValue.CreateTensorValueFromMemory(ids, [batch, tokens]);
    using var mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, ids.Length).ToArray(), [batch, tokens]);
    using var positions = OrtValue.CreateTensorValueFromMemory(Array.Empty<long>(), [batch, 0]);   // no MLM logits
    OrtValue[] inputs = [inputIds, mask, positions];
    using var runOptions = new RunOptions();
    for (int warm = 0; warm < 2; warm++)
    {
        session.Run(runOptions, inputNames, inputs, outputNames).Dispose();
    }
    int calls = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds || calls < 2)
    {
        session.Run(runOptions, inputNames, inputs, outputNames).Dispose();
        calls++;
    }
    double ms = clock.Elapsed.TotalMilliseconds / calls;
    Console.WriteLine($"{batch,3} {ms,9:F2} {ms / batch,8:F2}");
}
return 0;

static int PositiveInt(string text, string name) =>
    int.TryParse(text, out int value) && value > 0 ? value : throw new ArgumentException($"{name} '{text}' is not a positive whole number");
