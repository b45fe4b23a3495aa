using System.Text.Json;
using System.Text.RegularExpressions;

namespace Maria.Runtime.Tokenization;

/// <summary>Reads the pre_tokenizer and post_processor sections of tokenizer.json.</summary>
internal static class PipelineJsonReader
{
    private const string Supported = "supported: ByteLevel, Split, or a Sequence of Split steps ending in ByteLevel";

    public static IReadOnlyList<IPreTokenizerStep> ReadPreTokenizer(JsonElementReader reader, JsonElement root)
    {
        if (reader.OptionalObject(root, "pre_tokenizer", "$") is not { } preTokenizer)
        {
            throw reader.Error("$.pre_tokenizer", $"is missing; a byte-level BPE tokenizer needs the ByteLevel pre-tokenizer ({Supported})");
        }
        var steps = new List<IPreTokenizerStep>();
        AddPreTokenizer(reader, preTokenizer, "$.pre_tokenizer", steps);
        int byteLevel = steps.FindIndex(s => s is ByteLevelPreTokenizerStep);
        if (byteLevel < 0 || byteLevel != steps.Count - 1)
        {
            throw reader.Error("$.pre_tokenizer", $"ByteLevel must be the last pre-tokenizer and appear once ({Supported})");
        }
        return steps;
    }

    private static void AddPreTokenizer(JsonElementReader reader, JsonElement element, string path, List<IPreTokenizerStep> steps)
    {
        string type = reader.Type(element, path);
        switch (type)
        {
            case "ByteLevel":
                steps.Add(new ByteLevelPreTokenizerStep(
                    reader.Bool(element, "add_prefix_space", path, true),
                    reader.Bool(element, "use_regex", path, true)));
                break;
            case "Split":
                steps.Add(ReadSplit(reader, element, path));
                break;
            case "Sequence":
                int index = 0;
                foreach (var inner in reader.Array(element, "pretokenizers", path).EnumerateArray())
                {
                    AddPreTokenizer(reader, inner, $"{path}.pretokenizers[{index++}]", steps);
                }
                break;
            default:
                throw reader.Error($"{path}.type", $"pre-tokenizer type '{type}' is not supported; {Supported}");
        }
    }

    private static SplitPreTokenizerStep ReadSplit(JsonElementReader reader, JsonElement element, string path)
    {
        var pattern = reader.Object(element, "pattern", path);
        string source;
        if (reader.OptionalString(pattern, "Regex", $"{path}.pattern") is { } regex)
        {
            source = regex;
        }
        else if (reader.OptionalString(pattern, "String", $"{path}.pattern") is { } literal)
        {
            source = Regex.Escape(literal);
        }
        else
        {
            throw reader.Error($"{path}.pattern", "expected {\"Regex\": ...} or {\"String\": ...}");
        }
        Regex compiled;
        try
        {
            compiled = new Regex(source, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException e)
        {
            throw new TokenizerFormatException(
                $"{reader.SourceName}: {path}.pattern: .NET cannot compile the split pattern ({e.Message.ReplaceLineEndings(" ")}); possessive quantifiers must be written as atomic groups", e);
        }
        string behaviorName = reader.String(element, "behavior", path);
        if (!Enum.TryParse<SplitBehavior>(behaviorName, ignoreCase: false, out var behavior) || !Enum.IsDefined(behavior))
        {
            throw reader.Error($"{path}.behavior", $"unknown split behavior '{behaviorName}'; expected one of {string.Join(", ", Enum.GetNames<SplitBehavior>())}");
        }
        return new SplitPreTokenizerStep(compiled, behavior, reader.Bool(element, "invert", path, false));
    }

    public static TemplatePostProcessor? ReadPostProcessor(JsonElementReader reader, JsonElement root)
    {
        if (reader.OptionalObject(root, "post_processor", "$") is not { } postProcessor)
        {
            return null;
        }
        var templates = new List<TemplatePostProcessor>();
        AddPostProcessor(reader, postProcessor, "$.post_processor", templates);
        if (templates.Count > 1)
        {
            throw reader.Error("$.post_processor", "more than one TemplateProcessing step; expected at most one");
        }
        return templates.Count == 1 ? templates[0] : null;
    }

    private static void AddPostProcessor(JsonElementReader reader, JsonElement element, string path, List<TemplatePostProcessor> templates)
    {
        string type = reader.Type(element, path);
        switch (type)
        {
            case "ByteLevel":
                // Only trims offsets in Hugging Face; this loader keeps untrimmed spans (see EncodedToken).
                break;
            case "TemplateProcessing":
                templates.Add(TemplateJsonReader.Read(reader, element, path));
                break;
            case "Sequence":
                int index = 0;
                foreach (var inner in reader.Array(element, "processors", path).EnumerateArray())
                {
                    AddPostProcessor(reader, inner, $"{path}.processors[{index++}]", templates);
                }
                break;
            default:
                throw reader.Error($"{path}.type", $"post-processor type '{type}' is not supported; supported: ByteLevel, TemplateProcessing, Sequence of those");
        }
    }
}
