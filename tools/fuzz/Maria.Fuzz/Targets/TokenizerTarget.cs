using System.Text;
using Maria.Runtime;
using Maria.Runtime.Tokenization;

namespace Maria.Fuzz.Targets;

/// <summary>A tokenizer.json: loaded, then a fixed text (ASCII, accents, symbols, [MASK]) encoded, decoded and decoded incrementally.</summary>
internal sealed class TokenizerTarget : IFuzzTarget
{
    private const string Probe = "The [MASK] of the Union, 1790 \u2014 caf\u00e9 \u2713 <|endoftext|>  two  spaces\n";

    public string Run(byte[] input) => ParserContract.Check(() =>
    {
        var tokenizer = HuggingFaceTokenizer.FromJson(Encoding.UTF8.GetString(input), "tokenizer.json");
        var ids = tokenizer.Encode(Probe, addSpecialTokens: true);
        tokenizer.Decode(ids);
        var decoder = tokenizer.CreateIncrementalDecoder();
        foreach (int id in ids)
        {
            decoder.Append(id);
        }
        decoder.Flush();
    });
}
