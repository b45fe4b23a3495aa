using Maria.Export.Onnx;
using Maria.Export.Packaging;
using Maria.Runtime.Packaging;
using Maria.Export.Onnx.Proto;

namespace Maria.Export.Tests.Packaging;

/// <summary>
/// A decoder graph with the package contract's inputs and outputs that ignores its cache: every logit row is the
/// row's flat position b·S + s in the call (broadcast over the vocabulary), and present = past unchanged. Its full forward
/// and its chunked decoding disagree (position 4 of the sequence is position 0 of the second chunk), as a decoder
/// whose cache handling is broken would; the verifier's KV-cache check must catch it.
/// </summary>
internal static class CacheIgnoringDecoder
{
    public static void Save(string path, PackageManifest m)
    {
        var b = new OnnxGraphBuilder();
        var d = m.Decoder;
        OnnxDimension[] cache = ["batch", d.NumKeyValueHeads, "capacity", d.HeadDim];
        b.AddInput(GraphNames.InputIds, TensorProto.Types.DataType.Int64, "batch", "sequence");
        b.AddInput(GraphNames.AttentionMask, TensorProto.Types.DataType.Int64, "batch", "total");
        b.AddInput(GraphNames.PositionIds, TensorProto.Types.DataType.Int64, "batch", "sequence");
        string logitPositions = b.AddInput(GraphNames.LogitPositions, TensorProto.Types.DataType.Int64, "n");
        b.AddInput(GraphNames.DecoderMlmRows, TensorProto.Types.DataType.Float, "n", m.Encoder.HiddenSize);
        string arPositions = b.AddInput(GraphNames.ArLogitPositions, TensorProto.Types.DataType.Int64, "m");
        for (int layer = 0; layer < d.NumLayers; layer++)
        {
            foreach (var (past, present) in new[] { (GraphNames.PastKey(layer), GraphNames.PresentKey(layer)), (GraphNames.PastValue(layer), GraphNames.PresentValue(layer)) })
            {
                string input = b.AddInput(past, TensorProto.Types.DataType.Float, cache);
                b.AddNode($"/{present}/Identity", "Identity", OnnxDomains.Standard, [input], [present]);
                b.AddOutput(present, TensorProto.Types.DataType.Float, cache);
            }
        }
        string axis = b.AddInt64Vector("axis_last", -1);
        string PositionRows(string positions, string output, long width, string count, bool middleAxis = false)
        {
            string asFloat = b.AddNode($"/{output}/Cast", "Cast", [positions], OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Float));
            string column = b.AddNode($"/{output}/Unsqueeze", "Unsqueeze", [asFloat, axis]);
            string shape = b.AddInt64Vector($"{output}_shape", 1, width);
            if (!middleAxis)
            {
                b.AddNode($"/{output}/Expand", "Expand", OnnxDomains.Standard, [column, shape], [output]);
                b.AddOutput(output, TensorProto.Types.DataType.Float, count, width);
                return output;
            }
            // ar_logits [m, 1, V_s], as the exporter emits it.
            string rows = b.AddNode($"/{output}/Expand", "Expand", [column, shape]);
            b.AddNode($"/{output}/Unsqueeze_middle", "Unsqueeze", OnnxDomains.Standard, [rows, b.AddInt64Vector($"{output}_middle", 1)], [output]);
            b.AddOutput(output, TensorProto.Types.DataType.Float, count, 1, width);
            return output;
        }
        PositionRows(logitPositions, GraphNames.Logits, m.Vocabulary.SharedSize, "n");
        PositionRows(arPositions, GraphNames.ArLogits, m.Vocabulary.SharedSize, "m", middleAxis: true);
        PositionRows(logitPositions, GraphNames.ArHidden, d.HiddenSize, "n");
        File.WriteAllBytes(path, b.ToBytes());
    }
}
