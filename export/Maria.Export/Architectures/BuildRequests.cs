using Maria.Export.Checkpoints;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Head;

namespace Maria.Export.Architectures;

/// <summary>What an encoder builder needs.</summary>
/// <param name="Checkpoint">The masked LM checkpoint folder (memory-mapped; read tensor by tensor).</param>
/// <param name="SharedVocabularySize">|V_s|: <c>mlm_logits</c> covers ids 0 .. V_s-1 only.</param>
/// <param name="ContextLength">Longest encoder stream ([CLS] and [SEP] included) the package accepts.</param>
/// <param name="Weights">How weights are stored.</param>
/// <param name="OutputPath">The .onnx file to write (external data, if any, beside it).</param>
/// <param name="Progress">Human-readable progress lines, or null.</param>
public sealed record EncoderBuildRequest(HuggingFaceCheckpoint Checkpoint, int SharedVocabularySize, int ContextLength,
    WeightStorage Weights, string OutputPath, IProgress<string>? Progress = null);

/// <summary>What a decoder builder needs.</summary>
/// <param name="Checkpoint">The causal LM checkpoint folder.</param>
/// <param name="Head">The MARIA head to bake in (trained, or the product-of-experts initialisation).</param>
/// <param name="SharedVocabularySize">|V_s|: logits cover ids 0 .. V_s-1 only.</param>
/// <param name="ContextLength">Longest AR stream ([BOS] included); the cache buffers' length.</param>
/// <param name="Weights">How weights are stored.</param>
/// <param name="OutputPath">The .onnx file to write.</param>
/// <param name="Progress">Human-readable progress lines, or null.</param>
public sealed record DecoderBuildRequest(HuggingFaceCheckpoint Checkpoint, MariaHead Head, int SharedVocabularySize, int ContextLength,
    WeightStorage Weights, string OutputPath, IProgress<string>? Progress = null);
