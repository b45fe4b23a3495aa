using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CommandLine;
using CommandLine.Text;
using Maria.Cli.Inputs;
using Maria.Runtime;
using Maria.Runtime.Tokenization;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Tokenize;

/// <summary><c>maria tokenize</c>: shows the ids and pieces a tokenizer.json makes of a text.</summary>
[Verb("tokenize", HelpText = "Encode a text with a Hugging Face tokenizer.json and print the ids and pieces. "
    + "Default output: one line per token, \"id<TAB>piece\", where the piece is the text the token stands for in "
    + "double quotes with C-style escapes (\\n, \\t, \\\", \\\\) and \\xNN for bytes that are only part of a "
    + "UTF-8 character. With --json: one object {\"ids\": [...], \"tokens\": [...]} (tokens are the vocabulary strings, e.g. \"ĠHello\"). "
    + "With --windows N --input FILE: JSON lines {\"id\", \"text\"}, one per window of exactly N tokens of each record (see --windows).")]
internal sealed class TokenizeCommand : ICommand
{
    [Option("tokenizer", Required = true, HelpText = "Path of the tokenizer.json file.")]
    public string TokenizerPath { get; set; } = "";

    [Option("json", HelpText = "Print one JSON object {\"ids\": [...], \"tokens\": [...]} instead of lines.")]
    public bool Json { get; set; }

    [Option("special", HelpText = "Apply the post-processor template (e.g. [CLS] ... [SEP] for ModernBERT).")]
    public bool Special { get; set; }

    [Option("windows", HelpText = "With --input: cut each record's tokens (no special tokens) into consecutive windows of exactly N tokens and print one JSON line {\"id\": \"SOURCE-wK\", \"text\": ...} per window, SOURCE the record's \"id\" (or \"year\", or line number). Each window's text encodes back to exactly its N tokens: a cut that would not (inside a word, inside a UTF-8 character) slides one token on; a record's last tokens short of N are dropped.")]
    public int? Windows { get; set; }

    [Option("input", HelpText = "With --windows: a JSON-lines file of {\"text\": ...} records (e.g. data/sotu/validation.jsonl).")]
    public string? Input { get; set; }

    [Value(0, MetaName = "TEXT", HelpText = "The text to encode (quote it; several words are joined with one space). Not with --windows.")]
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
        new("JSON lines {\"id\", \"text\"}: every window of exactly 512 tokens of each record, decoded to text",
            new TokenizeCommand { TokenizerPath = "models/maria-tiny/tokenizer.json", Windows = 512, Input = "data/sotu/validation.jsonl" }),
    ];

    public int Execute(CommandContext context)
    {
        if (Windows is not null || Input is not null)
        {
            return WriteWindows(context);
        }
        if (!Text.Any())
        {
            throw new UsageException("no TEXT given; pass the text to encode, or --windows N --input FILE to cut a file into windows");
        }
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

    /// <summary>--windows N --input FILE: one JSON line per window, in file order.</summary>
    private int WriteWindows(CommandContext context)
    {
        if (Windows is not int length || Input is null)
        {
            throw new UsageException("--windows and --input go together; pass both, e.g. --windows 512 --input data/sotu/validation.jsonl");
        }
        if (length < 1)
        {
            throw new UsageException($"--windows {length}: give a window length of 1 or more tokens");
        }
        if (Text.Any() || Json || Special)
        {
            throw new UsageException("--windows prints JSON lines of the --input file; drop the TEXT, --json and --special");
        }
        var tokenizer = HuggingFaceTokenizer.Load(TokenizerPath);
        int windows = 0;
        foreach (var record in JsonTextLines.ReadRecords(Input, "--input"))
        {
            string source = record.Id ?? "line" + record.Line.ToString(CultureInfo.InvariantCulture);
            int k = 0;
            foreach (var (_, text) in TokenWindows.Cut(tokenizer, tokenizer.Encode(record.Text), length))
            {
                WriteRecord(context.Out, $"{source}-w{k++}", text);
            }
            windows += k;
        }
        context.Error.WriteLine($"tokenize: {windows} windows of {length} tokens from {Input}");
        return ExitCodes.Success;
    }

    private static void WriteRecord(TextWriter output, string id, string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
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
