using System.Runtime.InteropServices;
using Google.Protobuf;
using Maria.Export.Onnx.Proto;

namespace Maria.Export.Tests.Weights;

/// <summary>
/// The test's own reading of 4-bit MatMulNBits operands (independent of the exporter's quantiser and readers): a copy
/// of a graph in which every <c>MatMulNBits(A, B, scales[, zero_points])</c> becomes <c>MatMul(A, W)</c> with
/// <c>W[k, n] = (q(n, k) - z(n, k / bs))·s(n, k / bs)</c> in float32, <c>[K, N]</c>. Layout per ONNX Runtime's
/// docs/ContribOperators.md: q(n, k) is nibble <c>k % 2</c> (low first) of byte <c>n·K/2 + k/2</c> of B (blocks are
/// contiguous along K); z is nibble <c>b % 2</c> of byte <c>n·ceil(K/bs/2) + b/2</c> of zero_points, or 8 without them.
/// A 4-bit <c>GatherBlockQuantized(data [V, H/2], ids, scales [V, H/bs])</c> becomes <c>Gather(table, ids)</c> over the table
/// dequantised the same way (uint8 data without zero points: z = 8).
/// </summary>
internal static class DequantisedReference
{
    public static ModelProto Build(ModelProto model)
    {
        var copy = model.Clone();
        var graph = copy.Graph;
        var initializers = graph.Initializer.ToDictionary(tensor => tensor.Name);
        foreach (var node in graph.Node.Where(node => node.OpType == "MatMulNBits").ToList())
        {
            long Attribute(string name) => node.Attribute.Single(a => a.Name == name).I;
            int k = checked((int)Attribute("K"));
            int n = checked((int)Attribute("N"));
            int blockSize = checked((int)Attribute("block_size"));
            if (Attribute("bits") != 4)
            {
                throw new InvalidOperationException($"{node.Name}: bits {Attribute("bits")}, this reference reads 4-bit nodes only");
            }

            byte[] packed = Bytes(initializers[node.Input[1]]);
            float[] scales = MemoryMarshal.Cast<byte, float>(Bytes(initializers[node.Input[2]])).ToArray();
            byte[]? zeroPoints = node.Input.Count > 3 && node.Input[3].Length > 0 ? Bytes(initializers[node.Input[3]]) : null;
            int blocks = k / blockSize;
            int zeroPointBytesPerRow = (blocks + 1) / 2;
            if (packed.Length != (long)n * k / 2 || scales.Length != n * blocks || (zeroPoints is not null && zeroPoints.Length != n * zeroPointBytesPerRow))
            {
                throw new InvalidOperationException($"{node.Name}: B {packed.Length} bytes, {scales.Length} scales, {zeroPoints?.Length} zero points do not fit K {k}, N {n}, block {blockSize}");
            }

            var weight = new float[(long)k * n]; // [K, N]
            for (int row = 0; row < n; row++)
            {
                for (int column = 0; column < k; column++)
                {
                    int block = column / blockSize;
                    int q = Nibble(packed[(long)row * k / 2 + column / 2], column % 2);
                    int z = zeroPoints is null ? 8 : Nibble(zeroPoints[row * zeroPointBytesPerRow + block / 2], block % 2);
                    weight[(long)column * n + row] = (q - z) * scales[row * blocks + block];
                }
            }

            var dequantised = new TensorProto { Name = node.Input[1] + ".dequantised", DataType = (int)TensorProto.Types.DataType.Float };
            dequantised.Dims.Add(k);
            dequantised.Dims.Add(n);
            dequantised.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(weight.AsSpan()));
            graph.Initializer.Add(dequantised);
            var matMul = new NodeProto { Name = node.Name + "/reference", OpType = "MatMul", Domain = "" };
            matMul.Input.Add(node.Input[0]);
            matMul.Input.Add(dequantised.Name);
            matMul.Output.Add(node.Output[0]);
            graph.Node.Insert(graph.Node.IndexOf(node), matMul);
            graph.Node.Remove(node);
        }

        foreach (var node in graph.Node.Where(node => node.OpType == "GatherBlockQuantized").ToList())
        {
            long Attribute(string name) => node.Attribute.Single(a => a.Name == name).I;
            int blockSize = checked((int)Attribute("block_size"));
            if (Attribute("bits") != 4 || Attribute("gather_axis") != 0 || Attribute("quantize_axis") != 1 || node.Input.Count > 3)
            {
                throw new InvalidOperationException($"{node.Name}: this reference reads 4-bit tables gathered on axis 0, quantised on axis 1, without zero points");
            }

            var data = initializers[node.Input[0]];
            int rows = checked((int)data.Dims[0]);
            int width = checked((int)data.Dims[1] * 2);
            byte[] packed = Bytes(data);
            float[] scales = MemoryMarshal.Cast<byte, float>(Bytes(initializers[node.Input[2]])).ToArray();
            var table = new float[(long)rows * width]; // [V, H]
            for (long i = 0; i < table.Length; i++)
            {
                long row = i / width;
                table[i] = (Nibble(packed[i / 2], (int)(i % 2)) - 8) * scales[row * (width / blockSize) + i % width / blockSize];
            }

            var dequantised = new TensorProto { Name = node.Input[0] + ".dequantised", DataType = (int)TensorProto.Types.DataType.Float };
            dequantised.Dims.Add(rows);
            dequantised.Dims.Add(width);
            dequantised.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(table.AsSpan()));
            graph.Initializer.Add(dequantised);
            var gather = new NodeProto { Name = node.Name + "/reference", OpType = "Gather", Domain = "" };
            gather.Input.Add(dequantised.Name);
            gather.Input.Add(node.Input[1]);
            gather.Output.Add(node.Output[0]);
            gather.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
            graph.Node.Insert(graph.Node.IndexOf(node), gather);
            graph.Node.Remove(node);
        }

        return copy;
    }

    private static int Nibble(byte value, int index) => (value >> (4 * index)) & 0xF;

    private static byte[] Bytes(TensorProto tensor)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new InvalidOperationException($"{tensor.Name} is stored outside the graph; the reference reads inline tensors only");
        }

        if (tensor.FloatData.Count > 0)
        {
            return MemoryMarshal.AsBytes(tensor.FloatData.ToArray().AsSpan()).ToArray();
        }

        return tensor.RawData.ToByteArray();
    }
}
