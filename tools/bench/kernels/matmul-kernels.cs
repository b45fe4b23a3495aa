#:project ../../../export/Maria.Export/Maria.Export.csproj
#:package Microsoft.ML.OnnxRuntime
#:property PublishAot=false
// One linear layer [K -> N] as the exporter writes it (fp32 MatMul, or MatMulNBits int8 / int4 at a block size and
// accuracy_level), run alone by ONNX Runtime with M token rows: the weight bytes read per call against the machine's read
// bandwidth (decode, M = 1) and the arithmetic rate (batched, larger M). Separates the kernel's speed from the rest of a
// graph. Weights from a fixed formula (quantised while saving, as the exporter does).
//
// Usage: dotnet run tools/bench/kernels/matmul-kernels.cs -- K N M[,M...] FORMAT[,FORMAT...] [THREADS] [SECONDS]
//   FORMAT: fp32 | int8[-accA] | int4-bB[-accA]   (B = 32, 64, 128; A = accuracy_level, default 4), e.g. int4-b64-acc0
//   e.g. 4096 22016 1,8 fp32,int8,int4-b64,int4-b64-acc0 2      (OLMo-7B's gate_up_proj)
using System.Diagnostics;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx;
using Maria.Export.Weights;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using DataType = Maria.Export.Onnx.Proto.TensorProto.Types.DataType;

if (args.Length < 4)
{
    Console.Error.WriteLine("error: usage: dotnet run tools/bench/kernels/matmul-kernels.cs -- K N M[,M...] FORMAT[,FORMAT...] [THREADS] [SECONDS]");
    return 1;
}
int k, n, threads;
int[] rowCounts;
string[] formats;
double seconds;
try
{
    k = PositiveInt(args[0], "K");
    n = PositiveInt(args[1], "N");
    rowCounts = args[2].Split(',').Select(m => PositiveInt(m, "M")).ToArray();
    formats = args[3].Split(',');
    foreach (string format in formats)
    {
        Parse(format);   // refuse a bad format before any graph is built
    }
    threads = args.Length > 4 ? PositiveInt(args[4], "THREADS") : 0;
    seconds = args.Length > 5 && double.TryParse(args[5], System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0 ? s
        : args.Length > 5 ? throw new ArgumentException($"SECONDS '{args[5]}' is not a positive number") : 3;
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}

// Benchmark weights only: their values do not change the kernels' speed, so a fixed formula, no generator.
var values = new float[(long)n * k];
for (long i = 0; i < values.Length; i++)
{
    values[i] = MathF.Sin(i * 0.618f) * 0.05f;
}
var weight = WeightMatrix.FromArray(values, n, k, "bench.weight");
string folder = Path.Combine(Path.GetTempPath(), "maria-kernels-" + Environment.ProcessId);
Directory.CreateDirectory(folder);
try
{
    Console.WriteLine($"K {k}, N {n}, threads {(threads == 0 ? "default" : threads)}, ~{seconds} s per cell");
    Console.WriteLine($"{"format",-16} {"weight MB",10} {"M",5} {"ms/call",9} {"GB/s",7} {"GFLOP/s",8}");
    foreach (string format in formats)
    {
        var (storage, accuracy) = Parse(format);
        string path = Path.Combine(folder, format + ".onnx");
        var builder = new OnnxGraphBuilder();
        string x = builder.AddInput("x", DataType.Float, OnnxDimension.Symbolic("M"), OnnxDimension.Fixed(k));
        var linear = QuantizedLinear.AddWeight(builder, "bench", [weight], storage);
        QuantizedLinear.AddMatMul(builder, "bench", x, linear, "y", accuracy);
        builder.AddOutput("y", DataType.Float, OnnxDimension.Symbolic("M"), OnnxDimension.Fixed(n));
        builder.Save(path);
        long weightBytes = Directory.GetFiles(folder, format + ".onnx*").Sum(f => new FileInfo(f).Length);

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
        }
        using var session = new InferenceSession(path, options);
        foreach (int m in rowCounts)
        {
            var input = new DenseTensor<float>(Enumerable.Range(0, m * k).Select(i => (float)Math.Sin(i)).ToArray(), [m, k]);
            var inputs = new[] { NamedOnnxValue.CreateFromTensor("x", input) };
            for (int warm = 0; warm < 3; warm++)
            {
                using var _ = session.Run(inputs);
            }
            int calls = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds || calls < 3)
            {
                using var _ = session.Run(inputs);
                calls++;
            }
            double msPerCall = clock.Elapsed.TotalMilliseconds / calls;
            double gbPerS = weightBytes / (msPerCall / 1000) / 1e9;
            double gflops = 2.0 * m * k * n / (msPerCall / 1000) / 1e9;
            Console.WriteLine($"{format,-16} {weightBytes / 1e6,10:F1} {m,5} {msPerCall,9:F3} {gbPerS,7:F1} {gflops,8:F1}");
        }
        foreach (string file in Directory.GetFiles(folder, format + ".onnx*"))
        {
            File.Delete(file);
        }
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}
return 0;

static int PositiveInt(string text, string name) =>
    int.TryParse(text, out int value) && value > 0 ? value : throw new ArgumentException($"{name} '{text}' is not a positive whole number");

static (WeightStorage Storage, int? Accuracy) Parse(string format)
{
    if (format == "fp32")
    {
        return (WeightStorage.Float32, null);
    }
    var parts = format.Split('-');
    if (parts[0] == "int8")
    {
        // int8 or int8-accA: the exporter's 8-bit blocks of 32 at accuracy_level A (default 4).
        return (WeightStorage.Int8, parts.Length > 1 && parts[1].StartsWith("acc") ? Number(parts[1][3..], format) : null);
    }
    if (parts[0] != "int4" || parts.Length < 2 || !parts[1].StartsWith('b'))
    {
        throw new ArgumentException($"format '{format}': give fp32, int8[-accLEVEL] or int4-bBLOCK[-accLEVEL], e.g. int4-b64-acc0");
    }
    int block = Number(parts[1][1..], format);
    int? accuracy = parts.Length > 2 && parts[2].StartsWith("acc") ? Number(parts[2][3..], format) : null;
    return (WeightStorageExtensions.Int4(block, zeroPoints: false), accuracy);
}

static int Number(string text, string format) =>
    int.TryParse(text, out int value) && value >= 0 ? value
        : throw new ArgumentException($"format '{format}': '{text}' is not a whole number; give fp32, int8[-accLEVEL] or int4-bBLOCK[-accLEVEL], e.g. int4-b64-acc0");
