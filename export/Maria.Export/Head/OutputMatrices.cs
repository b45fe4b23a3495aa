using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Weights;
using Maria.Runtime;

namespace Maria.Export.Head;

/// <summary>
/// The output layers MARIA combines (maria-method.md §3), read lazily from checkpoints and checked against config.json:
/// the AR output matrix W1 (<c>lm_head.weight</c>, or the embedding when the head is tied) and the MLM decoder
/// W2 (ModernBERT's tied <c>tok_embeddings</c>, or <c>decoder.weight</c> when a checkpoint still stores it) with bias b2.
/// </summary>
public static class OutputMatrices
{
    /// <summary>The causal LM's embedding table name (OLMo v1 and Llama).</summary>
    public const string CausalEmbedding = "model.embed_tokens.weight";

    /// <summary>The causal LM's untied output matrix name.</summary>
    public const string CausalHead = "lm_head.weight";

    /// <summary>ModernBERT's token embedding (also its tied decoder).</summary>
    public const string MaskedEmbedding = "model.embeddings.tok_embeddings.weight";

    /// <summary>ModernBERT's untied decoder matrix, absent from current public checkpoints.</summary>
    public const string MaskedDecoder = "decoder.weight";

    /// <summary>ModernBERT's decoder bias.</summary>
    public const string MaskedDecoderBias = "decoder.bias";

    /// <summary>W1 <c>[vocab_size, hidden_size]</c> of a causal LM: <c>lm_head.weight</c>, or the embedding when tied.</summary>
    public static WeightMatrix CausalOutput(HuggingFaceCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Config is not CausalLmConfig config)
        {
            throw new MariaInputException(
                $"{checkpoint.Directory}: config.json says {checkpoint.Config.Architecture}, which is not a causal LM; pass the OLMo or Llama checkpoint as the AR model");
        }

        string name = config.TieWordEmbeddings ? CausalEmbedding : CausalHead;
        return Require(checkpoint, name, config.VocabSize, config.HiddenSize);
    }

    /// <summary>W2 <c>[vocab_size, hidden_size]</c> and b2 <c>[1, vocab_size]</c> of a ModernBERT checkpoint (zeros without a decoder bias).</summary>
    public static (WeightMatrix Weight, WeightMatrix Bias) MaskedOutput(HuggingFaceCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Config is not ModernBertConfig config)
        {
            throw new MariaInputException(
                $"{checkpoint.Directory}: config.json says {checkpoint.Config.Architecture}, which is not a masked LM; pass the ModernBERT checkpoint as the MLM");
        }

        string name = checkpoint.Tensors.Contains(MaskedDecoder) ? MaskedDecoder : MaskedEmbedding;
        var weight = Require(checkpoint, name, config.VocabSize, config.HiddenSize);
        var bias = config.DecoderBias
            ? RequireVector(checkpoint, MaskedDecoderBias, config.VocabSize)
            : WeightMatrix.FromArray(new float[config.VocabSize], 1, config.VocabSize, "zero decoder bias (decoder_bias false)");
        return (weight, bias);
    }

    /// <summary>A matrix tensor that must exist with shape <c>[rows, columns]</c>; refused by name otherwise.</summary>
    public static WeightMatrix Require(HuggingFaceCheckpoint checkpoint, string name, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        CheckShape(checkpoint, name, [rows, columns]);
        return WeightMatrix.FromTensor(checkpoint.Tensors, name);
    }

    /// <summary>A vector tensor that must exist with shape <c>[size]</c>, as a one-row matrix.</summary>
    public static WeightMatrix RequireVector(HuggingFaceCheckpoint checkpoint, string name, int size)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        CheckShape(checkpoint, name, [size]);
        return WeightMatrix.FromVectorTensor(checkpoint.Tensors, name);
    }

    /// <summary>Throws a one-line <see cref="MariaInputException"/> unless the tensor exists with <paramref name="shape"/>.</summary>
    public static void CheckShape(HuggingFaceCheckpoint checkpoint, string name, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(shape);
        string expected = "[" + string.Join(", ", shape) + "]";
        if (!checkpoint.Tensors.Contains(name))
        {
            throw new MariaInputException(
                $"{checkpoint.WeightsPath}: tensor '{name}' {expected} is missing; config.json implies it, so the weights are incomplete or belong to another model");
        }

        var info = checkpoint.Tensors.GetInfo(name);
        if (!info.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new MariaInputException(
                $"{checkpoint.WeightsPath}: tensor '{name}' has shape {info.ShapeText}, expected {expected} from config.json; check that config.json belongs to these weights");
        }

        if (info.DType is not (SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16))
        {
            throw new MariaInputException(
                $"{checkpoint.WeightsPath}: tensor '{name}' is {info.DType.ToHeaderString()}, expected F32, F16 or BF16; quantised checkpoints are not supported, use the original weights");
        }
    }
}
