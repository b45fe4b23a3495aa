using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CommandLine;
using CommandLine.Text;
using Maria.Runtime.Tokenization;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Tokenize;

/// <summary><c>maria tokenize</c>: shows the ids and pieces a tokenizer.json makes of a text.</summary>
[Verb("tokenize", HelpText = "Encode a text with a Hugging Face tokenizer.json and print the ids and pieces. "
    + "Default output: one line per token, \"id<TAB>piece\", where the piece is the text the token stands for in "
    + "double quotes with C-style escapes (\\n, \\t, \\\", \\\\) and \\xNN for bytes that are only part of a "
    + "UTF-8 character. With --json: one object {\"ids\": [...], \"tokens\": [...]} (tokens are the vocabulary strings, e.g. \"ĠHello\").")]
internal sealed class TokenizeCommand : ICommand
{
    [Option("tokenizer", Required = true, HelpText = "Path of the tokenizer.json file.")]
    public string TokenizerPath { get; set; } = "";

    [Option("json", HelpText = "Print one JSON object {\"ids\": [...], \"tokens\": [...]} instead of lines.")]
    public bool Json { get; set; }

    [Option("special", HelpText = "Apply the post-processor template (e.g. [CLS] ... [SEP] for ModernBERT).")]
    public bool Special { get; set; }

    [Value(0, MetaName = "TEXT", Required = true, HelpText = "The text to encode (quote it; several words are joined with one space).")]
    public IEnumerable<string> Text { get; set; } = [];

    /// <summary>Shown by <c>maria tokenize --help</c>: the two output formats.</summary>
    [Usage(ApplicationAlias = "maria")]
    public static IEnumerable<Example> Examples =>
    [
        new("Lines \"id<TAB>piece\"; the piece is the token's text in double quotes, with \\n \\t \\\" \\\\ escaped "
            + "and \\xNN for bytes that are only part of a UTF-8 character",
            new TokenizeCommand { TokenizerPath = "tokenizer.json", Text = ["Hi  Hello"] }),
        new("One JSON object {\"ids\": [...], \"tokens\": [...]} (tokens: vocabulary strings such as \"ĠHello\")",
            new TokenizeCommand { TokenizerPath = "tokenizer.json", Json = true, Text = ["Hi  Hello"] }),
        new("Add the post-processor template ([CLS] ... [SEP] for ModernBERT)",
            new TokenizeCommand { TokenizerPath = "tokenizer.json", Special = true, Text = ["Paris is the [MASK] of France."] }),
    ];

    public int Execute(CommandContext context)
    {
        var tokenizer = HuggingFaceTokenizer.Load(TokenizerPath);
        string text = string.Join(' ', Text);
        if (!tokenizer.NormalizerAvailable && !Ascii.IsValid(text))
        {
            context.Error.WriteLine("warning: this process runs with InvariantGlobalization and cannot apply the tokenizer's NFC normaliser; the text is encoded as given");
        }
        var ids = tokenizer.Encode(text, Special);
        if (Json)
        {
            WriteJson(context.Out, tokenizer, ids);
            return ExitCodes.Success;
        }
        foreach (int id in ids)
        {
            context.Out.WriteLine($"{id}\t{TokenPieceFormatter.Format(tokenizer.GetTokenBytes(id))}");
        }
        return ExitCodes.Success;
    }

    private static void WriteJson(TextWriter output, HuggingFaceTokenizer tokenizer, IReadOnlyList<int> ids)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("ids");
            foreach (int id in ids)
            {
                writer.WriteNumberValue(id);
            }
            writer.WriteEndArray();
            writer.WriteStartArray("tokens");
            foreach (int id in ids)
            {
                writer.WriteStringValue(tokenizer.IdToToken(id));
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
