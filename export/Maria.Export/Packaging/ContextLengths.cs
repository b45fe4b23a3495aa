using System.Globalization;
using Maria.Export.Configs;
using Maria.Runtime;

namespace Maria.Export.Packaging;

/// <summary>
/// The context lengths of a package. A text of n tokens is the causal stream [BOS] x_1..x_n (n + 1 tokens) and the
/// masked stream [CLS] x'_1..x'_n [SEP] (n + 2 tokens), so the encoder context is the decoder context + 1: any text
/// that fills the causal context also fits the encoder. By default the decoder context is the longest both models were
/// trained for: min(causal max_position_embeddings, masked max_position_embeddings - 1) (OLMo-1B + ModernBERT:
/// decoder 2048, encoder 2049).
/// </summary>
/// <param name="Decoder">Longest causal stream, [BOS] included; the length of the KV cache buffers.</param>
/// <param name="Encoder">Longest masked stream, [CLS] and [SEP] included; always <paramref name="Decoder"/> + 1.</param>
public sealed record ContextLengths(int Decoder, int Encoder)
{
    /// <summary>
    /// Chooses the context lengths for two models; <paramref name="requestedDecoderContext"/> (from --context) may
    /// shorten the default, never lengthen it past what either model was trained for.
    /// </summary>
    public static ContextLengths Choose(ModelConfig maskedModel, ModelConfig causalModel, int? requestedDecoderContext)
    {
        ArgumentNullException.ThrowIfNull(maskedModel);
        ArgumentNullException.ThrowIfNull(causalModel);
        int longest = Math.Min(causalModel.MaxPositionEmbeddings, maskedModel.MaxPositionEmbeddings - 1);
        if (longest < 2)
        {
            throw new MariaInputException(string.Create(CultureInfo.InvariantCulture,
                $"the models' max_position_embeddings (masked {maskedModel.MaxPositionEmbeddings}, causal {causalModel.MaxPositionEmbeddings}) leave no room for a text; check both config.json files"));
        }
        int decoder = requestedDecoderContext ?? longest;
        if (decoder < 2 || decoder > longest)
        {
            throw new MariaInputException(string.Create(CultureInfo.InvariantCulture,
                $"--context {decoder} is out of range: it must be 2..{longest} (causal max_position_embeddings {causalModel.MaxPositionEmbeddings}; masked {maskedModel.MaxPositionEmbeddings} minus 1 for [CLS]/[SEP])"));
        }
        return new ContextLengths(decoder, decoder + 1);
    }
}
