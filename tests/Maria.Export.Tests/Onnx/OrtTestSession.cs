using Maria.Export.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Export.Tests.Onnx;

/// <summary>Runs a built graph in ONNX Runtime (CPU, one thread) with the OrtValue API and returns float outputs.</summary>
internal sealed class OrtTestSession : IDisposable
{
    private readonly InferenceSession _session;

    private OrtTestSession(InferenceSession session) => _session = session;

    public static OrtTestSession FromBuilder(OnnxGraphBuilder builder) => new(new InferenceSession(builder.ToBytes(), CreateOptions()));

    public static OrtTestSession FromFile(string path) => new(new InferenceSession(path, CreateOptions()));

    public InferenceSession Session => _session;

    /// <summary>Runs the graph and returns every requested float output as (values, shape).</summary>
    public Dictionary<string, (float[] Values, long[] Shape)> Run(IReadOnlyList<string> outputNames, params TestTensor[] inputs)
    {
        var values = inputs.Select(input => input.ToOrtValue()).ToList();
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, inputs.Select(input => input.Name).ToList(), values, outputNames);
            var result = new Dictionary<string, (float[], long[])>();
            int index = 0;
            foreach (var output in outputs)
            {
                result[outputNames[index++]] = (output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
            }

            return result;
        }
        finally
        {
            values.ForEach(value => value.Dispose());
        }
    }

    /// <summary>Runs the graph and returns the single float output <paramref name="outputName"/>.</summary>
    public float[] RunSingle(string outputName, params TestTensor[] inputs) => Run([outputName], inputs)[outputName].Values;

    public void Dispose() => _session.Dispose();

    private static SessionOptions CreateOptions()
    {
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }
}
