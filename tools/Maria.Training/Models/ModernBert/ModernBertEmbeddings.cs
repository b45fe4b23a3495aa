using Maria.Training.Models.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Models.ModernBert;

/// <summary>model.embeddings: tok_embeddings [V, H] then norm (LayerNorm γ only). No position embeddings (RoPE only).</summary>
public sealed class ModernBertEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Embedding _tokens;
    private readonly LayerNormWithoutBias _norm;

    /// <summary>Creates tok_embeddings and norm.</summary>
    public ModernBertEmbeddings(long vocabSize, long hiddenSize, double normEpsilon) : base(nameof(ModernBertEmbeddings))
    {
        _tokens = nn.Embedding(vocabSize, hiddenSize);
        _norm = new LayerNormWithoutBias(hiddenSize, normEpsilon);
        register_module("tok_embeddings", _tokens);
        register_module("norm", _norm);
    }

    /// <summary>The embedding matrix [V, H], also the tied MLM decoder weight.</summary>
    public Parameter TokenEmbeddingWeight => _tokens.weight!;

    /// <summary>input_ids [B, T] -> [B, T, H].</summary>
    public override Tensor forward(Tensor inputIds)
    {
        using var embedded = _tokens.forward(inputIds);
        return _norm.forward(embedded);
    }
}
