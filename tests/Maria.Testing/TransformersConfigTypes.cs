using System.Text.Json;

namespace Maria.Testing;

/// <summary>
/// The JSON type Hugging Face transformers 5 declares for each numeric key of the config.json files this project
/// writes, transcribed from its strict config dataclasses (src/transformers/models/{modernbert,olmo,llama}/
/// configuration_*.py): transformers 5 refuses an integer literal where it declares a float ("expected float, got
/// int"). Keys the classes take as legacy keyword arguments are typed as the value they become: global_rope_theta,
/// local_rope_theta and rope_theta become RopeParameters.rope_theta (float); layer_norm_eps and
/// global_attn_every_n_layers keep the public ModernBERT files' types. Dropouts are declared float | int; the public
/// files and this project write them as floats.
/// </summary>
internal static class TransformersConfigTypes
{
    private static readonly Dictionary<string, (string[] Floats, string[] Integers)> Types = new(StringComparer.Ordinal)
    {
        ["modernbert"] = (
            ["attention_dropout", "classifier_dropout", "embedding_dropout", "global_rope_theta", "initializer_cutoff_factor",
             "initializer_range", "layer_norm_eps", "local_rope_theta", "mlp_dropout", "norm_eps"],
            ["bos_token_id", "cls_token_id", "eos_token_id", "global_attn_every_n_layers", "hidden_size", "intermediate_size",
             "local_attention", "mask_token_id", "max_position_embeddings", "num_attention_heads", "num_hidden_layers",
             "pad_token_id", "sep_token_id", "sparse_pred_ignore_index", "unk_token_id", "vocab_size"]),
        ["olmo"] = (
            ["attention_dropout", "clip_qkv", "initializer_range", "rope_theta"],
            ["bos_token_id", "eos_token_id", "hidden_size", "intermediate_size", "max_position_embeddings", "num_attention_heads",
             "num_hidden_layers", "num_key_value_heads", "pad_token_id", "pretraining_tp", "vocab_size"]),
        ["llama"] = (
            ["attention_dropout", "initializer_range", "rms_norm_eps", "rope_theta"],
            ["bos_token_id", "eos_token_id", "head_dim", "hidden_size", "intermediate_size", "max_position_embeddings",
             "num_attention_heads", "num_hidden_layers", "num_key_value_heads", "pad_token_id", "pretraining_tp", "vocab_size"]),
    };

    /// <summary>The float-declared keys of a model type (for tests that require them present).</summary>
    public static IReadOnlyList<string> FloatKeys(string modelType) => Types[modelType].Floats;

    /// <summary>
    /// One line per numeric key of <paramref name="configJson"/> whose literal does not match the declared type (a
    /// float needs a '.' or an exponent, as Python's json reads it; an integer must have neither), and per numeric key
    /// the table does not know. Empty when the file is typed as transformers declares it.
    /// </summary>
    public static IReadOnlyList<string> Problems(string configJson)
    {
        using var document = JsonDocument.Parse(configJson);
        var root = document.RootElement;
        string modelType = root.GetProperty("model_type").GetString()!;
        if (!Types.TryGetValue(modelType, out var types))
        {
            return [$"model_type '{modelType}' has no type table"];
        }
        var problems = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number)
            {
                continue;
            }
            string raw = property.Value.GetRawText();
            bool isFloatLiteral = raw.IndexOfAny(['.', 'e', 'E']) >= 0;
            if (types.Floats.Contains(property.Name))
            {
                if (!isFloatLiteral)
                {
                    problems.Add($"{property.Name}: {raw} is an integer literal; transformers declares a float ({raw}.0)");
                }
            }
            else if (types.Integers.Contains(property.Name))
            {
                if (isFloatLiteral)
                {
                    problems.Add($"{property.Name}: {raw} is a float literal; transformers declares an int");
                }
            }
            else
            {
                problems.Add($"{property.Name}: numeric key ({raw}) missing from the {modelType} type table");
            }
        }
        return problems;
    }
}
