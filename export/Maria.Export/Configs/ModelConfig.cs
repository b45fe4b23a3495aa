using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Maria.Export.Configs;

/// <summary>
/// The architecture facts of a Hugging Face config.json that the exporter and the references need.
/// Read one with <see cref="ModelConfigReader"/>; write one with <see cref="ToJson"/> (the public checkpoints' keys,
/// so that <c>ModelConfigReader.Parse(config.ToJson(), ...)</c> equals the record).
/// </summary>
public abstract record ModelConfig
{
    /// <summary>The <c>architectures[0]</c> value, e.g. "ModernBertForMaskedLM".</summary>
    public abstract string Architecture { get; }

    /// <summary>The <c>model_type</c> value, e.g. "modernbert".</summary>
    public abstract string ModelType { get; }

    /// <summary>Embedding rows (<c>vocab_size</c>); may exceed the tokenizer's size.</summary>
    public required int VocabSize { get; init; }

    /// <summary>Model width H (<c>hidden_size</c>).</summary>
    public required int HiddenSize { get; init; }

    /// <summary>MLP inner width I (<c>intermediate_size</c>); gated MLPs project to 2I.</summary>
    public required int IntermediateSize { get; init; }

    /// <summary>Number of transformer layers (<c>num_hidden_layers</c>).</summary>
    public required int NumHiddenLayers { get; init; }

    /// <summary>Number of query heads (<c>num_attention_heads</c>).</summary>
    public required int NumAttentionHeads { get; init; }

    /// <summary>Width of one head: H / heads unless the architecture stores <c>head_dim</c> explicitly.</summary>
    public virtual int HeadDim => NumAttentionHeads > 0 ? HiddenSize / NumAttentionHeads : 0;

    /// <summary>Longest sequence the model was trained for (<c>max_position_embeddings</c>).</summary>
    public required int MaxPositionEmbeddings { get; init; }

    /// <summary>Whether the output projection reuses the token embedding matrix (<c>tie_word_embeddings</c>).</summary>
    public required bool TieWordEmbeddings { get; init; }

    /// <summary>Whether <see cref="HeadDim"/> comes from an explicit key rather than H / heads.</summary>
    protected virtual bool HasExplicitHeadDim => false;

    /// <summary>
    /// Serialises the config as config.json text with the public checkpoints' keys and values for
    /// <c>architectures</c> and <c>model_type</c>.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("architectures");
            json.WriteStringValue(Architecture);
            json.WriteEndArray();
            json.WriteString("model_type", ModelType);
            WriteProperties(json);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes every key after <c>architectures</c> and <c>model_type</c>.</summary>
    protected abstract void WriteProperties(Utf8JsonWriter json);

    /// <summary>
    /// Writes a key that transformers declares as a float so that it reads back as one, in Python's spelling
    /// (<c>2.0</c>, <c>10000.0</c>, <c>1e-05</c>): Utf8JsonWriter writes a whole double as an integer (<c>2</c>), which
    /// transformers 5's strict config classes refuse ("expected float, got int") and Python reads as an int.
    /// </summary>
    protected static void WriteFloat(Utf8JsonWriter json, string key, double value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"config key '{key}' must be a finite number; JSON has no NaN or infinity");
        }
        string text = value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.Ordinal))
        {
            text += ".0";
        }
        json.WritePropertyName(key);
        json.WriteRawValue(text);
    }

    /// <summary>
    /// Checks that the values are usable together (positive sizes, heads dividing the width, ids inside the vocabulary...).
    /// Throws <see cref="ModelConfigException"/> naming <paramref name="sourceName"/> and the offending key.
    /// </summary>
    public virtual void Validate(string sourceName)
    {
        RequirePositive(sourceName, "vocab_size", VocabSize);
        RequirePositive(sourceName, "hidden_size", HiddenSize);
        RequirePositive(sourceName, "intermediate_size", IntermediateSize);
        RequirePositive(sourceName, "num_hidden_layers", NumHiddenLayers);
        RequirePositive(sourceName, "num_attention_heads", NumAttentionHeads);
        RequirePositive(sourceName, "max_position_embeddings", MaxPositionEmbeddings);
        if (!HasExplicitHeadDim && HiddenSize % NumAttentionHeads != 0)
        {
            throw Problem(sourceName, "hidden_size",
                $"hidden_size {HiddenSize} is not divisible by num_attention_heads {NumAttentionHeads}; each head needs an equal share of the width");
        }
        RequirePositive(sourceName, "head_dim", HeadDim);
        if (HeadDim % 2 != 0)
        {
            throw Problem(sourceName, "head_dim", $"head dimension {HeadDim} is odd; rotary embeddings rotate pairs of channels, so it must be even");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is at least 1.</summary>
    protected static void RequirePositive(string sourceName, string key, long value)
    {
        if (value <= 0)
        {
            throw Problem(sourceName, key, $"{key} is {value}; expected a positive integer");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and greater than 0.</summary>
    protected static void RequirePositive(string sourceName, string key, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw Problem(sourceName, key, $"{key} is {value}; expected a positive number");
        }
    }

    /// <summary>Throws unless a token id is null or inside [0, vocab_size).</summary>
    protected void RequireTokenId(string sourceName, string key, int? id)
    {
        if (id is int value && (value < 0 || value >= VocabSize))
        {
            throw Problem(sourceName, key, $"{key} {value} is outside the vocabulary [0, {VocabSize})");
        }
    }

    /// <summary>Builds the exception for a bad value: names the source, the key and the problem.</summary>
    protected static ModelConfigException Problem(string sourceName, string key, string problem)
        => new($"config '{sourceName}', key '{key}': {problem}; fix config.json or use the checkpoint's original one");
}
