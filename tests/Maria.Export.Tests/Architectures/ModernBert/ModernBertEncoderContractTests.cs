using Maria.Export.Architectures;
using Maria.Export.Architectures.ModernBert;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Onnx.Proto;
using Maria.Export.Tests.Checkpoints;
using Maria.Export.Tests.Onnx;
using Maria.Export.Packaging;
using Maria.Runtime.Packaging;

namespace Maria.Export.Tests.Architectures.ModernBert;

/// <summary>The encoder graph's contract (names, types, manifest, files) and the logits math, without TorchSharp.</summary>
public sealed class ModernBertEncoderContractTests
{
    private const int SharedVocabulary = 36;
    private const int ContextLength = 32;

    private static EncoderManifest Export(string checkpointFolder, string output, WeightStorage storage = WeightStorage.Float32, IProgress<string>? progress = null)
    {
        using var checkpoint = HuggingFaceCheckpoint.Open(checkpointFolder);
        return new ModernBertEncoderGraphBuilder().Build(new EncoderBuildRequest(checkpoint, SharedVocabulary, ContextLength, storage, output, progress));
    }

    private static (string Graph, TemporaryFolder Folder) ExportTiny(ModernBertConfig? config = null, Action<List<TensorSpec>>? edit = null)
    {
        var folder = new TemporaryFolder();
        TinyModernBertCheckpoint.Write(folder.File("checkpoint"), config ?? TinyModernBertCheckpoint.Config(), edit);
        string graph = folder.File("encoder.onnx");
        Export(folder.File("checkpoint"), graph);
        return (graph, folder);
    }

    [Fact]
    public void Registry_returns_this_builder_for_ModernBertForMaskedLM()
    {
        var builder = ArchitectureRegistry.Encoder("ModernBertForMaskedLM", "config.json");

        Assert.IsType<ModernBertEncoderGraphBuilder>(builder);
        Assert.Contains("ModernBertForMaskedLM", ArchitectureRegistry.EncoderArchitectures);
    }

    [Fact]
    public void Graph_takes_int64_ids_mask_and_positions_and_gives_float_hidden_states_and_logits()
    {
        var (graph, folder) = ExportTiny();
        using var _ = folder;

        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(graph));

        var inputs = model.Graph.Input.ToDictionary(i => i.Name, i => i.Type.TensorType);
        Assert.Equal([GraphNames.InputIds, GraphNames.AttentionMask, GraphNames.LogitPositions], model.Graph.Input.Select(i => i.Name));
        Assert.All(inputs.Values, type => Assert.Equal((int)TensorProto.Types.DataType.Int64, type.ElemType));
        Assert.Equal(["batch_size", "sequence_length"], inputs[GraphNames.InputIds].Shape.Dim.Select(d => d.DimParam));
        Assert.Equal(["batch_size", "num_logit_positions"], inputs[GraphNames.LogitPositions].Shape.Dim.Select(d => d.DimParam));
        var outputs = model.Graph.Output.ToDictionary(o => o.Name, o => o.Type.TensorType);
        Assert.Equal([GraphNames.MlmHidden, GraphNames.MlmLogits], model.Graph.Output.Select(o => o.Name));
        Assert.All(outputs.Values, type => Assert.Equal((int)TensorProto.Types.DataType.Float, type.ElemType));
        Assert.Equal(16, outputs[GraphNames.MlmHidden].Shape.Dim[2].DimValue);
        Assert.Equal(SharedVocabulary, outputs[GraphNames.MlmLogits].Shape.Dim[2].DimValue);
    }

    [Fact]
    public void Manifest_records_sizes_context_length_storage_and_names_by_role()
    {
        using var folder = new TemporaryFolder();
        TinyModernBertCheckpoint.Write(folder.File("checkpoint"), TinyModernBertCheckpoint.Config());

        var manifest = Export(folder.File("checkpoint"), folder.File("mlm.onnx"), WeightStorage.Float16);

        Assert.Equal("mlm.onnx", manifest.File);
        Assert.Equal("ModernBertForMaskedLM", manifest.Architecture);
        Assert.Equal((16, 3, 2, ContextLength), (manifest.HiddenSize, manifest.NumLayers, manifest.NumAttentionHeads, manifest.ContextLength));
        Assert.Equal(("float32", "fp16"), (manifest.DType, manifest.Weights));
        Assert.Equal(GraphNames.InputIds, manifest.Inputs[GraphNames.InputIds]);
        Assert.Equal(GraphNames.AttentionMask, manifest.Inputs[GraphNames.AttentionMask]);
        Assert.Equal(GraphNames.LogitPositions, manifest.Inputs[GraphNames.LogitPositions]);
        Assert.Equal(GraphNames.MlmHidden, manifest.Outputs[GraphNames.MlmHidden]);
        Assert.Equal(GraphNames.MlmLogits, manifest.Outputs[GraphNames.MlmLogits]);
    }

    [Fact]
    public void Weights_go_to_one_aligned_external_file_and_fp16_stores_every_matrix_as_float16()
    {
        using var folder = new TemporaryFolder();
        TinyModernBertCheckpoint.Write(folder.File("checkpoint"), TinyModernBertCheckpoint.Config());

        Export(folder.File("checkpoint"), folder.File("fp16.onnx"), WeightStorage.Float16);

        Assert.Equal(["fp16.onnx", "fp16.onnx.data"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(folder.File("fp16.onnx")));
        var matrices = model.Graph.Initializer
            .Where(t => t.Name.EndsWith(".MatMul.weight", StringComparison.Ordinal) || t.Name == "model.embeddings.tok_embeddings.weight").ToList();
        Assert.Equal(1 + (3 * 4) + 1, matrices.Count);   // embeddings, 4 per layer, head.dense
        Assert.All(matrices, t => Assert.Equal((int)TensorProto.Types.DataType.Float16, t.DataType));
        var external = model.Graph.Initializer.Where(t => t.DataLocation == TensorProto.Types.DataLocation.External).ToList();
        Assert.All(external, t => Assert.Equal(0, long.Parse(t.ExternalData.Single(e => e.Key == "offset").Value, System.Globalization.CultureInfo.InvariantCulture) % 65536));
        var wqkv = model.Graph.Initializer.Single(t => t.Name == "model.layers.1.attn.Wqkv.MatMul.weight");
        Assert.Equal([16L, 48L], wqkv.Dims);   // transposed to [in, out]
        Assert.Contains(wqkv, external);         // 1.5 KiB: over the 1 KiB inline threshold
    }

    [Fact]
    public void Progress_reports_the_check_every_layer_and_the_written_files()
    {
        using var folder = new TemporaryFolder();
        TinyModernBertCheckpoint.Write(folder.File("checkpoint"), TinyModernBertCheckpoint.Config());
        var lines = new List<string>();

        Export(folder.File("checkpoint"), folder.File("encoder.onnx"), progress: new ListProgress(lines));

        Assert.Contains(lines, line => line.Contains("match config.json", StringComparison.Ordinal));
        Assert.Equal(["encoder: writing layer 1/3", "encoder: writing layer 2/3", "encoder: writing layer 3/3"], lines.Where(line => line.Contains("writing layer", StringComparison.Ordinal)));
        Assert.Contains(lines, line => line.Contains("encoder.onnx.data", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, false)]    // tied: the token embeddings
    [InlineData(true, true)]     // tied with a stored duplicate: Hugging Face ignores decoder.weight
    [InlineData(false, true)]    // untied: decoder.weight
    public void Logits_are_the_hidden_rows_at_the_positions_times_the_decoder_matrix_plus_bias(bool tied, bool storeDecoderWeight)
    {
        var config = TinyModernBertCheckpoint.Config() with { TieWordEmbeddings = tied };
        var (graph, folder) = ExportTiny(config, tensors =>
        {
            if (tied && storeDecoderWeight)   // untied: the layout itself lists decoder.weight
            {
                tensors.Add(new TensorSpec("decoder.weight", [config.VocabSize, config.HiddenSize], TensorRole.Matrix));
            }
        });
        using var _ = folder;
        using var checkpoint = HuggingFaceCheckpoint.Open(folder.File("checkpoint"));
        float[] decoder = checkpoint.Tensors.ReadAsFloat32(tied ? "model.embeddings.tok_embeddings.weight" : "decoder.weight");
        float[] bias = checkpoint.Tensors.ReadAsFloat32("decoder.bias");
        const int batch = 2, length = 10, hidden = 16;
        long[] ids = Enumerable.Range(0, batch * length).Select(i => (long)((i * 7) % 37)).ToArray();
        long[] mask = Enumerable.Range(0, batch * length).Select(i => i < length + 6 ? 1L : 0L).ToArray();
        long[] positions = [9, 0, 4, 5, 5, 1];

        using var session = OrtTestSession.FromFile(graph);
        var outputs = session.Run([GraphNames.MlmHidden, GraphNames.MlmLogits],
            TestTensor.Int64(GraphNames.InputIds, ids, batch, length), TestTensor.Int64(GraphNames.AttentionMask, mask, batch, length),
            TestTensor.Int64(GraphNames.LogitPositions, positions, batch, 3));

        var (u, _) = outputs[GraphNames.MlmHidden];
        var (logits, shape) = outputs[GraphNames.MlmLogits];
        Assert.Equal([batch, 3L, SharedVocabulary], shape);
        var expected = new float[batch * 3 * SharedVocabulary];
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < 3; j++)
            {
                int row = (b * length) + (int)positions[(b * 3) + j];
                for (int v = 0; v < SharedVocabulary; v++)
                {
                    double sum = bias[v];
                    for (int h = 0; h < hidden; h++)
                    {
                        sum += u[(row * hidden) + h] * decoder[(v * hidden) + h];
                    }
                    expected[(((b * 3) + j) * SharedVocabulary) + v] = (float)sum;
                }
            }
        }
        TestData.AssertClose(expected, logits, 1e-5f);
    }

    [Fact]
    public void A_sequence_longer_than_the_context_length_is_refused_by_onnx_runtime()
    {
        var (graph, folder) = ExportTiny();
        using var _ = folder;
        using var session = OrtTestSession.FromFile(graph);
        const int length = ContextLength + 1;

        var error = Assert.Throws<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() => session.Run([GraphNames.MlmHidden],
            TestTensor.Int64(GraphNames.InputIds, new long[length], 1, length), TestTensor.Int64(GraphNames.AttentionMask, Enumerable.Repeat(1L, length).ToArray(), 1, length),
            TestTensor.Int64(GraphNames.LogitPositions, [], 1, 0)));

        Assert.Contains("RotaryEmbedding", error.Message, StringComparison.Ordinal);
    }

    private sealed class ListProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
