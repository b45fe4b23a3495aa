using System.Text;
using Maria.Runtime;
using Maria.Runtime.Blanks;
using Maria.Runtime.Infilling;
using Maria.Runtime.Packaging;
using Maria.Runtime.Tokenization;

namespace Maria.Fuzz.Targets;

/// <summary>
/// A text to fill, through the shipped maria-tiny tokenizer: [MASK] positions (MaskedText), the context check,
/// [WORD]/[BLANK] templates, and decoding the tokens back.
/// </summary>
internal sealed class MaskedTextTarget : IFuzzTarget
{
    private readonly HuggingFaceTokenizer tokenizer;
    private readonly PackageManifest manifest;

    public MaskedTextTarget()
    {
        string package = RepositoryLocator.File("models", "maria-tiny");
        manifest = PackageManifestReader.Read(package);
        tokenizer = HuggingFaceTokenizer.Load(Path.Combine(package, manifest.Vocabulary.Tokenizer));
    }

    public string Run(byte[] input) => ParserContract.Check(() =>
    {
        string text = Encoding.UTF8.GetString(input);
        if (BlankTemplate.HasBlanks(text))
        {
            BlankTemplate.Parse(text, tokenizer, manifest.Vocabulary);
            return;
        }
        var masked = MaskedText.Encode(tokenizer, manifest.Vocabulary, text);
        masked.CheckFits(manifest);
        tokenizer.Decode(masked.Tokens);
    });
}
