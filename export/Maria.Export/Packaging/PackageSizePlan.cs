using Maria.Export.Checkpoints;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Head;
using Maria.Export.Onnx;

namespace Maria.Export.Packaging;

/// <summary>
/// An upper estimate of the bytes a package will take, from the checkpoints' tensor shapes and the weight storage,
/// computed before anything is written (<see cref="DiskSpaceCheck"/>). Per tensor: a 2-D matrix is a linear layer at the
/// storage's rate (fp32 4, fp16 2, MatMulNBits <see cref="Weights.BlockQuantization.StoredBytes"/>) or, when its name
/// says it is an embedding table, as the exporter writes tables: the causal model's table at 4 bits in int4 packages
/// (GatherBlockQuantized, the same layout as a 4-bit linear layer), else at the embedding rate (fp16 in quantised
/// packages), plus, when the causal model ties its output matrix to the table, that lm_head as a linear layer (an
/// untied lm_head is a tensor of its own); the masked model's table counted twice at the embedding rate (the table and
/// its MLM decoder, which a tied model shares and an untied one stores at the embedding rate as well); other tensors
/// fp32; each rounded up to the external-data alignment. Plus the MARIA head's two parts at the linear rate,
/// the tokenizer, and 5% + 16 MiB for graph files and manifests. A test checks it against real exports.
/// </summary>
internal static class PackageSizePlan
{
    private const long FixedOverheadBytes = 16L << 20;

    /// <summary>Planned bytes of the whole package.</summary>
    public static long Estimate(HuggingFaceCheckpoint masked, HuggingFaceCheckpoint causal, MariaHead head, WeightStorage storage, string tokenizerPath)
    {
        long alignment = new ExternalDataOptions().Alignment;
        long bytes = Tensors(masked, storage, alignment, causalModel: false) + Tensors(causal, storage, alignment, causalModel: true)
            + LinearBytes(head.SharedVocabularySize, head.InFeatures, storage) + 2 * alignment
            + new FileInfo(tokenizerPath).Length;
        return bytes + bytes / 20 + FixedOverheadBytes;
    }

    private static long Tensors(HuggingFaceCheckpoint checkpoint, WeightStorage storage, long alignment, bool causalModel)
    {
        long total = 0;
        foreach (var tensor in checkpoint.Tensors.Tensors)
        {
            long bytes;
            if (tensor.Shape.Length == 2 && tensor.Name.Contains("embed", StringComparison.OrdinalIgnoreCase))
            {
                bytes = causalModel
                    ? CausalEmbeddingBytes(tensor.Shape[0], tensor.Shape[1], storage, checkpoint.Config.TieWordEmbeddings, alignment)
                    : 2 * (EmbeddingTableBytes(tensor.ElementCount, storage) + alignment);
            }
            else if (tensor.Shape.Length == 2)
            {
                bytes = LinearBytes(tensor.Shape[0], tensor.Shape[1], storage);
            }
            else
            {
                bytes = tensor.ElementCount * sizeof(float);
            }

            total += RoundUp(bytes, alignment);
        }

        return total;
    }

    /// <summary>A table of <paramref name="values"/> at the embedding rate (fp32 packages 4 bytes a value, the others 2).</summary>
    private static long EmbeddingTableBytes(long values, WeightStorage storage) =>
        values * (storage.ForEmbeddings() == WeightStorage.Float32 ? 4 : 2);

    /// <summary>
    /// The causal model's table <c>[V, H]</c> (4-bit in int4 packages, else at the embedding rate) and, when tied, the
    /// lm_head the exporter derives from it as a linear layer.
    /// </summary>
    private static long CausalEmbeddingBytes(long rows, long columns, WeightStorage storage, bool tied, long alignment)
    {
        long table = storage.Quantization() is { Bits: 4 }
            ? LinearBytes(rows, columns, storage)
            : EmbeddingTableBytes(rows * columns, storage);
        return table + alignment + (tied ? LinearBytes(rows, columns, storage) + alignment : 0);
    }

    /// <summary>An nn.Linear weight <c>[rows, columns]</c> as stored.</summary>
    private static long LinearBytes(long rows, long columns, WeightStorage storage) => storage.Quantization() is { } scheme
        ? scheme.StoredBytes(checked((int)rows), checked((int)columns))
        : rows * columns * (storage == WeightStorage.Float16 ? 2 : 4);

    private static long RoundUp(long bytes, long alignment) => (bytes + alignment - 1) / alignment * alignment;
}
