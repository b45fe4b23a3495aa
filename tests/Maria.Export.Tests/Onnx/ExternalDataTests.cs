using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;
using Maria.Runtime;

namespace Maria.Export.Tests.Onnx;

public class ExternalDataTests
{
    private const int Hidden = 64;
    private const int Classes = 48;

    /// <summary>x [b, s, 64] -> MatMul W1 [64, 64] -> MatMul W2 [64, 48] (+ deferred) -> Add bias -> Softmax.</summary>
    private static OnnxGraphBuilder BuildTwoLayerSoftmax(float[] w1, float[] w2, float[] bias, Action? onDeferredWrite = null)
    {
        var builder = new OnnxGraphBuilder("two_layer");
        string x = builder.AddInput("x", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", Hidden);
        string first = builder.AddFloatInitializer("layer1.weight", w1, Hidden, Hidden);
        // The second weight is deferred: its bytes are produced only while the model is being saved.
        string second = builder.AddInitializer("layer2.weight", TensorProto.Types.DataType.Float, [Hidden, Classes],
            InitializerData.Deferred(w2.Length * sizeof(float), stream =>
            {
                onDeferredWrite?.Invoke();
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(w2.AsSpan()));
            }));
        string b = builder.AddFloatInitializer("layer2.bias", bias, Classes);
        string h = builder.AddNode("/layer1/MatMul", "MatMul", [x, first]);
        string y = builder.AddNode("/layer2/MatMul", "MatMul", [h, second]);
        string z = builder.AddNode("/layer2/Add", "Add", [y, b]);
        builder.AddNode("/Softmax", "Softmax", OnnxDomains.Standard, [z], ["probs"], OnnxAttribute.Int("axis", -1));
        builder.AddOutput("probs", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", Classes);
        return builder;
    }

    private static float[] Reference(float[] x, float[] w1, float[] w2, float[] bias)
    {
        int rows = x.Length / Hidden;
        var hidden = new float[rows * Hidden];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < Hidden; o++)
            {
                double sum = 0;
                for (int i = 0; i < Hidden; i++)
                {
                    sum += (double)x[r * Hidden + i] * w1[i * Hidden + o];
                }

                hidden[r * Hidden + o] = (float)sum;
            }
        }

        return ReferenceLinearSoftmax.Compute(hidden, w2, bias, Hidden, Classes);
    }

    [Fact]
    public void External_data_goes_to_one_file_at_64KiB_aligned_offsets_and_ORT_loads_it_by_path()
    {
        using var folder = new TemporaryFolder();
        float[] w1 = TestData.Random(11, Hidden * Hidden, 0.3f);
        float[] w2 = TestData.Random(12, Hidden * Classes, 0.3f);
        float[] bias = TestData.Random(13, Classes);
        float[] x = TestData.Random(14, 2 * 3 * Hidden);

        var result = BuildTwoLayerSoftmax(w1, w2, bias).Save(folder.File("model.onnx"), ExternalDataOptions.External);

        Assert.Equal(folder.File("model.onnx.data"), result.ExternalDataPath);
        Assert.Equal(2, result.ExternalTensorCount);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(result.ModelPath));
        var external = model.Graph.Initializer.Where(t => t.DataLocation == TensorProto.Types.DataLocation.External).ToList();
        Assert.Equal(["layer1.weight", "layer2.weight"], external.Select(t => t.Name));
        var offsets = external.Select(t => long.Parse(t.ExternalData.Single(e => e.Key == "offset").Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(offsets, offset => Assert.Equal(0, offset % 65536));
        Assert.Equal([0L, 65536L], offsets);
        Assert.All(external, t => Assert.Equal("model.onnx.data", t.ExternalData.Single(e => e.Key == "location").Value));
        Assert.Equal(65536 + Hidden * Classes * 4, new FileInfo(result.ExternalDataPath!).Length);
        var inlineBias = model.Graph.Initializer.Single(t => t.Name == "layer2.bias");
        Assert.Equal(Classes * 4, inlineBias.RawData.Length);

        using var session = OrtTestSession.FromFile(result.ModelPath);
        float[] actual = session.RunSingle("probs", TestTensor.Float("x", x, 2, 3, Hidden));
        TestData.AssertClose(Reference(x, w1, w2, bias), actual, 1e-6f);
    }

    [Fact]
    public void A_save_that_fails_while_writing_the_data_leaves_the_previous_model_and_data_and_no_temporary()
    {
        using var folder = new TemporaryFolder();
        float[] w1 = TestData.Random(31, Hidden * Hidden, 0.3f);
        float[] w2 = TestData.Random(32, Hidden * Classes, 0.3f);
        float[] bias = TestData.Random(33, Classes);
        var first = BuildTwoLayerSoftmax(w1, w2, bias).Save(folder.File("model.onnx"), ExternalDataOptions.External);
        byte[] model = File.ReadAllBytes(first.ModelPath), data = File.ReadAllBytes(first.ExternalDataPath!);

        var failing = BuildTwoLayerSoftmax(TestData.Random(34, Hidden * Hidden, 0.3f), w2, bias, () => throw new IOException("No space left on device"));
        Assert.Throws<IOException>(() => failing.Save(folder.File("model.onnx"), ExternalDataOptions.External));

        Assert.Equal(model, File.ReadAllBytes(first.ModelPath));
        Assert.Equal(data, File.ReadAllBytes(first.ExternalDataPath!));
        Assert.Equal(["model.onnx", "model.onnx.data"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Automatic_mode_keeps_a_small_model_in_one_file_and_deferred_data_is_written_once()
    {
        using var folder = new TemporaryFolder();
        int writes = 0;
        float[] w1 = TestData.Random(21, Hidden * Hidden, 0.3f);
        float[] w2 = TestData.Random(22, Hidden * Classes, 0.3f);
        float[] bias = TestData.Random(23, Classes);
        float[] x = TestData.Random(24, 5 * Hidden);
        var builder = BuildTwoLayerSoftmax(w1, w2, bias, () => writes++);

        var result = builder.Save(folder.File("small.onnx"));

        Assert.Null(result.ExternalDataPath);
        Assert.Equal(1, writes);
        Assert.Equal(["small.onnx"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
        using var session = OrtTestSession.FromFile(result.ModelPath);
        TestData.AssertClose(Reference(x, w1, w2, bias), session.RunSingle("probs", TestTensor.Float("x", x, 1, 5, Hidden)), 1e-6f);
    }

    [Fact]
    public void Automatic_mode_moves_a_model_over_its_inline_limit_to_external_data_that_runs_the_same()
    {
        using var folder = new TemporaryFolder();
        float[] w1 = TestData.Random(21, Hidden * Hidden, 0.3f);
        float[] w2 = TestData.Random(22, Hidden * Classes, 0.3f);
        float[] bias = TestData.Random(23, Classes);
        float[] x = TestData.Random(24, 5 * Hidden);
        long bytes = BuildTwoLayerSoftmax(w1, w2, bias).InitializerBytes;
        Assert.Equal(256L << 20, new ExternalDataOptions().AutomaticInlineMaxBytes);

        var inline = BuildTwoLayerSoftmax(w1, w2, bias).Save(folder.File("at-limit.onnx"), new ExternalDataOptions { AutomaticInlineMaxBytes = bytes });
        var external = BuildTwoLayerSoftmax(w1, w2, bias).Save(folder.File("over-limit.onnx"), new ExternalDataOptions { AutomaticInlineMaxBytes = bytes - 1 });

        Assert.Null(inline.ExternalDataPath);
        Assert.Equal(folder.File("over-limit.onnx.data"), external.ExternalDataPath);
        using var session = OrtTestSession.FromFile(external.ModelPath);
        TestData.AssertClose(Reference(x, w1, w2, bias), session.RunSingle("probs", TestTensor.Float("x", x, 1, 5, Hidden)), 1e-6f);
    }

    [Fact]
    public void A_deferred_source_that_writes_the_wrong_byte_count_fails_the_save_naming_the_tensor()
    {
        using var folder = new TemporaryFolder();
        var builder = new OnnxGraphBuilder();
        string x = builder.AddInput("x", TensorProto.Types.DataType.Float, 4);
        string w = builder.AddInitializer("short.weight", TensorProto.Types.DataType.Float, [4, 1024],
            InitializerData.Deferred(4 * 1024 * 4, stream => stream.Write(new byte[100])));
        builder.AddNode("/MatMul", "MatMul", OnnxDomains.Standard, [x, w], ["y"]);
        builder.AddOutput("y", TensorProto.Types.DataType.Float, 1024);

        var error = Assert.Throws<InvalidOperationException>(() => builder.Save(folder.File("bad.onnx"), ExternalDataOptions.External));

        Assert.Contains("short.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("wrote 100 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_only_saving_of_a_model_over_2GB_is_refused_with_a_message_saying_to_use_external_data()
    {
        var builder = new OnnxGraphBuilder("huge");
        // Deferred: nothing is allocated, only the declared size counts.
        builder.AddInitializer("huge.weight", TensorProto.Types.DataType.Float, [600_000_000],
            InitializerData.Deferred(2_400_000_000, _ => throw new InvalidOperationException("must not be written")));

        var error = Assert.Throws<MariaInputException>(() => builder.Save(Path.Combine(Path.GetTempPath(), "never-written.onnx"), ExternalDataOptions.Inline));

        Assert.Contains("external data", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
