using System.Text.Json.Serialization;

namespace Maria.Runtime.Packaging;

/// <summary>
/// The tokenizer of the package (the masked LM's, which covers the shared ids and adds [CLS] [SEP] [PAD] [MASK])
/// and the special ids of both streams. Ids below <see cref="SharedSize"/> mean the same string to both models;
/// no other id is ever produced or fed to the causal model.
/// </summary>
public sealed record VocabularyManifest
{
    /// <summary>tokenizer.json file, relative to the package directory.</summary>
    [JsonPropertyName("tokenizer")] public required string Tokenizer { get; init; }

    /// <summary>|V_s|: ids 0 .. SharedSize-1 are shared by both models.</summary>
    [JsonPropertyName("shared_size")] public required int SharedSize { get; init; }

    /// <summary>Masked LM [CLS] id.</summary>
    [JsonPropertyName("cls_id")] public required int ClsId { get; init; }

    /// <summary>Masked LM [SEP] id.</summary>
    [JsonPropertyName("sep_id")] public required int SepId { get; init; }

    /// <summary>Masked LM [MASK] id.</summary>
    [JsonPropertyName("mask_id")] public required int MaskId { get; init; }

    /// <summary>Masked LM [PAD] id.</summary>
    [JsonPropertyName("pad_id")] public required int PadId { get; init; }

    /// <summary>The causal stream's first token (OLMo: its document separator &lt;|endoftext|&gt;).</summary>
    [JsonPropertyName("bos_id")] public required int BosId { get; init; }

    /// <summary>The causal model's end-of-text id.</summary>
    [JsonPropertyName("eos_id")] public required int EosId { get; init; }
}
