namespace Maria.Runtime.Tokenization;

/// <summary>
/// The TemplateProcessing post-processor for single sequences (e.g. "[CLS] $A [SEP]"), done here because
/// Microsoft.ML.Tokenizers has no templates. Template special tokens get empty spans: at the start of the text
/// when they come before $A, at its end when they come after.
/// </summary>
internal sealed class TemplatePostProcessor
{
    private readonly IReadOnlyList<TemplatePiece> _single;

    public TemplatePostProcessor(IReadOnlyList<TemplatePiece> single)
    {
        _single = single;
    }

    /// <summary>The pieces of the single-sequence template, in order.</summary>
    public IReadOnlyList<TemplatePiece> Single => _single;

    /// <summary>Wraps the tokens of the text (of <paramref name="textLength"/> chars) into the template.</summary>
    public List<EncodedToken> Apply(IReadOnlyList<EncodedToken> tokens, int textLength)
    {
        var result = new List<EncodedToken>(tokens.Count + _single.Count);
        bool afterSequence = false;
        foreach (var piece in _single)
        {
            if (piece.IsSequence)
            {
                result.AddRange(tokens);
                afterSequence = true;
                continue;
            }
            for (int i = 0; i < piece.Ids.Count; i++)
            {
                result.Add(new EncodedToken(piece.Ids[i], piece.Tokens[i], afterSequence ? textLength : 0, 0));
            }
        }
        return result;
    }
}

/// <summary>One piece of a template: the sequence ($A) or a special token's ids and strings.</summary>
internal sealed record TemplatePiece(bool IsSequence, IReadOnlyList<int> Ids, IReadOnlyList<string> Tokens);
