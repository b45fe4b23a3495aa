using System.Text.Json;
using System.Text.Json.Nodes;
using Maria.Runtime.Packaging;

namespace Maria.Export.Packaging;

/// <summary>
/// Writes <c>genai_config.json</c> beside the graphs so that onnxruntime-genai (0.20, CPU) can load the package's
/// decoder as a plain causal LM and generate from it with its own Generator. What genai sees:
/// <list type="bullet">
/// <item>logits = <c>ar_logits</c> [m, 1, V_s]: a static middle axis of 1 makes genai bind last-token logits
/// [batch, 1, V_s]; its vocabulary is the shared one, V_s.</item>
/// <item>past/present share one buffer of <c>max_length</c> slots per layer (our static cache layout); genai's mask
/// [batch, tokens so far] is padded with zeros to the cache inside the graph.</item>
/// <item>The MARIA inputs have no defaults: a caller sets <c>ar_logit_positions = [-1]</c> (the last token of one
/// text), <c>logit_positions = [-1]</c> and <c>mlm_hidden</c> [1, d_mlm] with <c>Generator.SetModelInput</c>; one text
/// at a time (batch 1), as the flat positions only name the last row of a single text.</item>
/// </list>
/// </summary>
public static class GenAiConfigWriter
{
    /// <summary>The file name onnxruntime-genai looks for in a model folder.</summary>
    public const string FileName = "genai_config.json";

    /// <summary>The genai_config.json text for a package's decoder and vocabulary.</summary>
    public static string ToJson(DecoderManifest decoder, VocabularyManifest vocabulary)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(vocabulary);
        // The static cache holds context + 1 slots at most (the runtime's scratch slot is the last): genai's
        // max_length (cache slots and longest sequence) stays within the RoPE tables.
        int maxLength = decoder.ContextLength;
        var config = new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["type"] = "decoder",
                ["bos_token_id"] = vocabulary.BosId,
                ["eos_token_id"] = vocabulary.EosId,
                ["pad_token_id"] = vocabulary.PadId,
                ["context_length"] = maxLength,
                ["vocab_size"] = vocabulary.SharedSize,
                ["decoder"] = new JsonObject
                {
                    ["filename"] = decoder.File,
                    ["head_size"] = decoder.HeadDim,
                    ["hidden_size"] = decoder.HiddenSize,
                    ["num_attention_heads"] = decoder.NumAttentionHeads,
                    ["num_hidden_layers"] = decoder.NumLayers,
                    ["num_key_value_heads"] = decoder.NumKeyValueHeads,
                    ["session_options"] = new JsonObject
                    {
                        ["log_id"] = "onnxruntime-genai",
                        ["provider_options"] = new JsonArray(),
                    },
                    ["inputs"] = new JsonObject
                    {
                        ["input_ids"] = decoder.Inputs[GraphRoles.InputIds],
                        ["attention_mask"] = decoder.Inputs[GraphRoles.AttentionMask],
                        ["position_ids"] = decoder.Inputs[GraphRoles.PositionIds],
                        ["past_key_names"] = PrintfLayer(decoder.Inputs[GraphRoles.PastKey]),
                        ["past_value_names"] = PrintfLayer(decoder.Inputs[GraphRoles.PastValue]),
                    },
                    ["outputs"] = new JsonObject
                    {
                        ["logits"] = decoder.Outputs[GraphRoles.ArLogits],
                        ["present_key_names"] = PrintfLayer(decoder.Outputs[GraphRoles.PresentKey]),
                        ["present_value_names"] = PrintfLayer(decoder.Outputs[GraphRoles.PresentValue]),
                    },
                },
            },
            ["search"] = new JsonObject
            {
                ["do_sample"] = false,
                ["max_length"] = maxLength,
                ["min_length"] = 0,
                ["num_beams"] = 1,
                ["num_return_sequences"] = 1,
                ["past_present_share_buffer"] = true,
                ["temperature"] = 1.0,
                ["top_k"] = 1,
                ["top_p"] = 1.0,
                ["repetition_penalty"] = 1.0,
            },
        };
        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Writes <see cref="FileName"/> into <paramref name="directory"/>.</summary>
    public static void Write(string directory, DecoderManifest decoder, VocabularyManifest vocabulary) =>
        File.WriteAllText(Path.Combine(directory, FileName), ToJson(decoder, vocabulary));

    /// <summary>genai names per-layer tensors with a printf pattern: <c>past_key_values.{i}.key</c> → <c>past_key_values.%d.key</c>.</summary>
    private static string PrintfLayer(string pattern) => pattern.Replace(GraphRoles.LayerPlaceholder, "%d", StringComparison.Ordinal);
}
