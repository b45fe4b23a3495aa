using Maria.Runtime.Packaging;

namespace Maria.Export.Head;

/// <summary>
/// The MARIA head z = W3 · [v ; u] + b3 with W3 = [W_ar | W_mlm] of shape [V_s, d_ar + d_mlm] (PyTorch Linear
/// orientation) and b3 [V_s]: either a trained head read from safetensors, or the product-of-experts
/// initialisation W3 = [W1[:V_s] / 2, W2[:V_s] / 2], b3 = b2[:V_s] / 2 (maria-method.md §3).
/// OWNED BY THE DECODER-GRAPH WORK: factories and lazy weight access are added there.
/// </summary>
public sealed class MariaHead
{
    /// <summary>Creates a head description.</summary>
    public MariaHead(string kind, int sharedVocabularySize, int arHiddenSize, int mlmHiddenSize)
    {
        Kind = kind;
        SharedVocabularySize = sharedVocabularySize;
        ArHiddenSize = arHiddenSize;
        MlmHiddenSize = mlmHiddenSize;
    }

    /// <summary><see cref="HeadManifest.Trained"/> or <see cref="HeadManifest.ProductOfExperts"/>.</summary>
    public string Kind { get; }

    /// <summary>|V_s|.</summary>
    public int SharedVocabularySize { get; }

    /// <summary>d_ar.</summary>
    public int ArHiddenSize { get; }

    /// <summary>d_mlm.</summary>
    public int MlmHiddenSize { get; }
}
