using System.Text.Encodings.Web;
using System.Text.Json;
using Maria.Export.Files;
using Maria.Tools.Common;

namespace Maria.Training.Tokenizer;

/// <summary>
/// Writes a trained vocabulary as Hugging Face tokenizer.json files laid out like OLMo's (causal) and
/// ModernBERT's (masked): NFC normalizer, ByteLevel pre-tokenizer and decoder, a BPE model with no unk token and
/// no byte fallback, merges as "left right" strings. Keys follow the order the Hugging Face library writes.
/// </summary>
internal static class TokenizerJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Byte-level symbols such as 'Ġ' stay readable instead of becoming \u0120, as in the Hugging Face files.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the causal (OLMo-style) tokenizer: ByteLevel post-processor, nothing added around texts.</summary>
    public static void WriteCausal(string path, TrainedBpe bpe)
    {
        var layout = new TokenizerLayout(bpe.Tokens.Count);
        Write(path, bpe, layout.CausalAddedTokens, writer => WriteByteLevel(writer, "post_processor"));
    }

    /// <summary>Writes the masked (ModernBERT-style) tokenizer: BERT specials and a [CLS] $A [SEP] template.</summary>
    public static void WriteMasked(string path, TrainedBpe bpe)
    {
        var layout = new TokenizerLayout(bpe.Tokens.Count);
        Write(path, bpe, layout.MaskedAddedTokens, writer => WriteTemplate(writer, layout));
    }

    private static void Write(string path, TrainedBpe bpe, IReadOnlyList<AddedToken> added, Action<Utf8JsonWriter> postProcessor)
    {
        // Written to a temporary name and renamed when complete, so a crash never leaves half a file.
        AtomicFile.WriteStream(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, Options);
            writer.WriteStartObject();
            writer.WriteString("version", "1.0");
            writer.WriteNull("truncation");
            writer.WriteNull("padding");
            WriteAddedTokens(writer, added);
            writer.WriteStartObject("normalizer");
            writer.WriteString("type", "NFC");
            writer.WriteEndObject();
            WriteByteLevel(writer, "pre_tokenizer");
            postProcessor(writer);
            WriteByteLevel(writer, "decoder");
            WriteModel(writer, bpe, added);
            writer.WriteEndObject();
        }, createFolder: true);
    }

    private static void WriteAddedTokens(Utf8JsonWriter writer, IReadOnlyList<AddedToken> added)
    {
        writer.WriteStartArray("added_tokens");
        foreach (var token in added)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", token.Id);
            writer.WriteString("content", token.Content);
            writer.WriteBoolean("single_word", false);
            writer.WriteBoolean("lstrip", token.LeftStrip);
            writer.WriteBoolean("rstrip", false);
            writer.WriteBoolean("normalized", false);
            writer.WriteBoolean("special", true);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteByteLevel(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject(name);
        writer.WriteString("type", "ByteLevel");
        writer.WriteBoolean("add_prefix_space", false);
        writer.WriteBoolean("trim_offsets", true);
        writer.WriteBoolean("use_regex", true);
        writer.WriteEndObject();
    }

    private static void WriteTemplate(Utf8JsonWriter writer, TokenizerLayout layout)
    {
        writer.WriteStartObject("post_processor");
        writer.WriteString("type", "TemplateProcessing");
        writer.WriteStartArray("single");
        WritePiece(writer, "SpecialToken", "[CLS]", 0);
        WritePiece(writer, "Sequence", "A", 0);
        WritePiece(writer, "SpecialToken", "[SEP]", 0);
        writer.WriteEndArray();
        writer.WriteStartArray("pair");
        WritePiece(writer, "SpecialToken", "[CLS]", 0);
        WritePiece(writer, "Sequence", "A", 0);
        WritePiece(writer, "SpecialToken", "[SEP]", 0);
        WritePiece(writer, "Sequence", "B", 1);
        WritePiece(writer, "SpecialToken", "[SEP]", 1);
        writer.WriteEndArray();
        writer.WriteStartObject("special_tokens");
        foreach (string special in new[] { "[CLS]", "[SEP]" })
        {
            writer.WriteStartObject(special);
            writer.WriteString("id", special);
            writer.WriteStartArray("ids");
            writer.WriteNumberValue(layout.MaskedId(special));
            writer.WriteEndArray();
            writer.WriteStartArray("tokens");
            writer.WriteStringValue(special);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WritePiece(Utf8JsonWriter writer, string kind, string id, int typeId)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(kind);
        writer.WriteString("id", id);
        writer.WriteNumber("type_id", typeId);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter writer, TrainedBpe bpe, IReadOnlyList<AddedToken> added)
    {
        writer.WriteStartObject("model");
        writer.WriteString("type", "BPE");
        writer.WriteNull("dropout");
        writer.WriteNull("unk_token");
        writer.WriteNull("continuing_subword_prefix");
        writer.WriteNull("end_of_word_suffix");
        writer.WriteBoolean("fuse_unk", false);
        writer.WriteBoolean("byte_fallback", false);
        // Like OLMo's file, the vocab lists the added tokens too, so id -> string is complete in one place.
        writer.WriteStartObject("vocab");
        for (int id = 0; id < bpe.Tokens.Count; id++)
        {
            writer.WriteNumber(bpe.Tokens[id], id);
        }
        foreach (var token in added)
        {
            writer.WriteNumber(token.Content, token.Id);
        }
        writer.WriteEndObject();
        writer.WriteStartArray("merges");
        foreach (var (left, right) in bpe.Merges)
        {
            writer.WriteStringValue($"{left} {right}");
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
