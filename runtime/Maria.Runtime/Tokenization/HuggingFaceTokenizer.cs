using System.Text;

using Maria.Runtime.Tokenization;

namespace Maria.Runtime;

/// <summary>
/// A Hugging Face tokenizer.json for byte-level BPE (GPT-2, OLMo, ModernBERT, Llama-3 style) run in .NET.
/// The BPE merges are Microsoft.ML.Tokenizers' <c>BpeTokenizer</c> (ByteLevel = true), one pre-token at a time,
/// with results cached per word. Done here because that library cannot do them faithfully: reading
/// tokenizer.json; added tokens (matched before BPE, longest first, with lstrip/rstrip/single_word/normalized);
/// the NFC normaliser (needs ICU, see below); the ByteLevel and Split pre-tokenizers; the TemplateProcessing
/// post-processor; the ByteLevel decoder and the incremental decoder.
/// Supported components: model BPE; normalizer NFC (or none); pre_tokenizer ByteLevel or Sequence[Split...,
/// ByteLevel]; post_processor ByteLevel, TemplateProcessing or a Sequence of those; decoder ByteLevel. Anything
/// else is refused with <see cref="TokenizerFormatException"/> naming it.
/// NFC uses <see cref="string.Normalize(NormalizationForm)"/>, which .NET turns into a no-op when the process runs
/// with InvariantGlobalization; non-NFC input is then encoded as it is.
/// Thread-safe: one instance can encode and decode from many threads.
/// </summary>
public sealed class HuggingFaceTokenizer
{
    private readonly TokenizerDefinition _definition;
    private readonly TokenizerPipeline _pipeline;
    private readonly TokenByteTable _bytes;
    private readonly string?[] _tokenById;
    private readonly Dictionary<string, int> _addedIdByContent;
    private readonly HashSet<int> _specialIds;

    private HuggingFaceTokenizer(TokenizerDefinition definition)
    {
        _definition = definition;
        int maxId = Math.Max(
            definition.Vocabulary.Count == 0 ? -1 : definition.Vocabulary.Values.Max(),
            definition.AddedTokens.Count == 0 ? -1 : definition.AddedTokens.Max(t => t.Id));
        if (definition.Vocabulary.Values.Any(id => id < 0) || definition.AddedTokens.Any(t => t.Id < 0))
        {
            throw new TokenizerFormatException($"{definition.SourceName}: negative token id in model.vocab or added_tokens; ids must be 0 or more");
        }
        for (int m = 0; m < definition.Merges.Count; m++)
        {
            var (left, right) = definition.Merges[m];
            // Its parts too, as Hugging Face requires (Microsoft.ML.Tokenizers throws InvalidOperationException; found by fuzzing).
            foreach (string part in new[] { left, right })
            {
                if (!definition.Vocabulary.ContainsKey(part))
                {
                    throw new TokenizerFormatException($"{definition.SourceName}: merge {m} (\"{left} {right}\") merges \"{part}\", which is not in model.vocab; the file is inconsistent, re-create it with its trainer");
                }
            }
            if (!definition.Vocabulary.ContainsKey(left + right))
            {
                throw new TokenizerFormatException($"{definition.SourceName}: merge {m} (\"{left} {right}\") makes \"{left + right}\", which is not in model.vocab; the file is inconsistent, re-create it with its trainer");
            }
        }
        VocabularySize = maxId + 1;
        _tokenById = new string?[VocabularySize];
        foreach (var (token, id) in definition.Vocabulary)
        {
            _tokenById[id] = token;
        }
        _addedIdByContent = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var added in definition.AddedTokens)
        {
            _tokenById[added.Id] = added.Content;
            _addedIdByContent[added.Content] = added.Id;
        }
        _specialIds = definition.AddedTokens.Where(t => t.Special).Select(t => t.Id).ToHashSet();
        _bytes = new TokenByteTable(_tokenById);
        var model = new BytePairModel(definition.Vocabulary, definition.Merges, definition.UnknownToken, definition.IgnoreMerges);
        _pipeline = new TokenizerPipeline(definition, model, _bytes);
    }

    /// <summary>Reads a tokenizer.json file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TokenizerFormatException">The file is not valid JSON or uses an unsupported component.</exception>
    public static HuggingFaceTokenizer Load(string tokenizerJsonPath)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJsonPath);
        if (!File.Exists(tokenizerJsonPath))
        {
            throw new FileNotFoundException(
                $"tokenizer file '{tokenizerJsonPath}' does not exist; pass the path of a Hugging Face tokenizer.json", tokenizerJsonPath);
        }
        CheckFileSize(tokenizerJsonPath);
        return FromJson(File.ReadAllText(tokenizerJsonPath), tokenizerJsonPath);
    }

    /// <summary>
    /// Largest tokenizer.json read (128 MiB; real ones are 0.5 to 35 MB): a bigger file is refused before a byte of it
    /// is read, so a damaged or hostile package cannot make the loader allocate gigabytes.
    /// </summary>
    internal const long MaxFileBytes = 128L << 20;

    /// <summary>Throws <see cref="TokenizerFormatException"/> when the file is larger than <see cref="MaxFileBytes"/>.</summary>
    internal static void CheckFileSize(string tokenizerJsonPath)
    {
        long size = new FileInfo(tokenizerJsonPath).Length;
        if (size > MaxFileBytes)
        {
            throw new TokenizerFormatException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{tokenizerJsonPath}: {size:N0} bytes, more than the {MaxFileBytes:N0} a tokenizer.json may have (real ones are 0.5 to 35 MB); the file is damaged or not a tokenizer, use the model's original tokenizer.json"));
        }
    }

    /// <summary>Builds a tokenizer from tokenizer.json text; <paramref name="sourceName"/> names it in error messages.</summary>
    /// <exception cref="TokenizerFormatException">The text is not valid JSON or uses an unsupported component.</exception>
    public static HuggingFaceTokenizer FromJson(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        var definition = TokenizerJsonReader.Read(json, sourceName);
        try
        {
            return new HuggingFaceTokenizer(definition);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Microsoft.ML.Tokenizers' own checks on the vocabulary and merges the reader passed on.
            throw new TokenizerFormatException($"{sourceName}: the BPE model cannot be built from this vocabulary and merges ({e.Message}); use the model's original tokenizer.json", e);
        }
    }

    /// <summary>The size of the id space: the largest id of the model vocabulary and the added tokens, plus one.</summary>
    public int VocabularySize { get; }

    /// <summary>
    /// False when the file asks for NFC but this process cannot normalise (it runs with InvariantGlobalization,
    /// which makes <see cref="string.Normalize(NormalizationForm)"/> a no-op): text is then encoded as it is, which
    /// matches Hugging Face only for text that is already NFC (almost all text). True otherwise.
    /// </summary>
    public bool NormalizerAvailable => !_definition.NormalizeNfc || NfcNormalizer.IsAvailable;

    /// <summary>The BPE merges in rank order (byte-level strings); the exporter compares two models' merges.</summary>
    internal IReadOnlyList<(string Left, string Right)> Merges => _definition.Merges;

    /// <summary>The added tokens in file order.</summary>
    internal IReadOnlyList<AddedToken> AddedTokens => _definition.AddedTokens;

    /// <summary>
    /// Encodes text to ids. With <paramref name="addSpecialTokens"/>, the TemplateProcessing post-processor wraps
    /// them (e.g. [CLS] ... [SEP]); without a template it changes nothing.
    /// </summary>
    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (addSpecialTokens && _definition.Template is not null)
        {
            return EncodeWithOffsets(text, addSpecialTokens).Select(t => t.Id).ToList();
        }
        var ids = new List<int>(text.Length / 4 + 4);
        _pipeline.Encode(text, ids, spans: null);
        return ids;
    }

    /// <summary>Encodes text to tokens with their spans in the original text (see <see cref="EncodedToken"/>).</summary>
    public IReadOnlyList<EncodedToken> EncodeWithOffsets(string text, bool addSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 4 + 4);
        var spans = new List<TokenSpan>(ids.Capacity);
        _pipeline.Encode(text, ids, spans);
        var tokens = spans.Select(s => new EncodedToken(s.Id, _tokenById[s.Id] ?? "", s.Start, s.Length)).ToList();
        return addSpecialTokens && _definition.Template is { } template ? template.Apply(tokens, text.Length) : tokens;
    }

    /// <summary>
    /// Decodes ids to text with the ByteLevel decoder; bytes that do not form valid UTF-8 become U+FFFD.
    /// </summary>
    /// <exception cref="MariaInputException">An id is outside the vocabulary.</exception>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            if (!(skipSpecialTokens && IsSpecial(id)))
            {
                bytes.AddRange(TokenBytes(id));
            }
        }
        return Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
    }

    /// <summary>A decoder for ids that arrive one at a time (streaming generation); one per stream.</summary>
    public IncrementalDecoder CreateIncrementalDecoder(bool skipSpecialTokens = false) => new(this, skipSpecialTokens);

    /// <summary>The vocabulary string of an id (added token content or byte-level BPE token), or null if unassigned.</summary>
    public string? IdToToken(int id) => id >= 0 && id < _tokenById.Length ? _tokenById[id] : null;

    /// <summary>The id of an added token's content or a BPE vocabulary string, or null if there is none.</summary>
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_addedIdByContent.TryGetValue(token, out int added))
        {
            return added;
        }
        return _definition.Vocabulary.TryGetValue(token, out int id) ? id : null;
    }

    /// <summary>
    /// The UTF-8 bytes an id stands for under the ByteLevel decoder (a copy; may be part of a character, e.g. one
    /// of the three bytes of a CJK character).
    /// </summary>
    /// <exception cref="MariaInputException">The id is outside the vocabulary.</exception>
    public byte[] GetTokenBytes(int id) => (byte[])TokenBytes(id).Clone();

    /// <summary>Whether an id is an added token marked special (what skipSpecialTokens drops).</summary>
    public bool IsSpecialToken(int id) => _specialIds.Contains(id);

    internal bool IsSpecial(int id) => _specialIds.Contains(id);

    internal byte[] TokenBytes(int id) => _bytes.Get(id) ?? throw new MariaInputException(
        $"token id {id} is not in the vocabulary of {_definition.SourceName} (ids 0..{VocabularySize - 1}); the ids come from a different tokenizer or model");
}
