namespace Maria.Export.Onnx;

/// <summary>Operator-set domains this project imports, with the versions it targets by default.</summary>
public static class OnnxDomains
{
    /// <summary>The standard ONNX operators (ai.onnx), written as the empty string in models.</summary>
    public const string Standard = "";

    /// <summary>ONNX Runtime's contrib operators (GroupQueryAttention, RotaryEmbedding, MatMulNBits, ...).</summary>
    public const string Microsoft = "com.microsoft";

    /// <summary>The ai.onnx opset version imported by default (ONNX Runtime 1.31 implements it fully on CPU).</summary>
    public const long StandardOpsetVersion = 21;

    /// <summary>The com.microsoft opset version imported by default (the only one that exists).</summary>
    public const long MicrosoftOpsetVersion = 1;

    /// <summary>The IR version written into every model (ONNX 1.16+, readable by ONNX Runtime 1.17+).</summary>
    public const long IrVersion = 10;

    /// <summary>The producer name written into every model.</summary>
    public const string ProducerName = "maria-export";
}
