// TEMPORARY: stand-ins for the config records the `checkpoints` branch is writing (Maria.Export.Configs).
// Deleted when that branch is merged.
#pragma warning disable CS1591
namespace Maria.Export.Configs;

public abstract record ModelConfig
{
    public abstract string Architecture { get; }
    public abstract string ModelType { get; }
    public int VocabSize { get; init; }
    public int HiddenSize { get; init; }
    public int IntermediateSize { get; init; }
    public int NumHiddenLayers { get; init; }
    public int NumAttentionHeads { get; init; }
    public int HeadDim { get; init; }
    public int MaxPositionEmbeddings { get; init; }
    public bool TieWordEmbeddings { get; init; }
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, GetType());
}

public sealed record ModernBertConfig : ModelConfig
{
    public override string Architecture => "ModernBertForMaskedLM";
    public override string ModelType => "modernbert";
    public double GlobalRopeTheta { get; init; } = 160000;
    public double LocalRopeTheta { get; init; } = 10000;
    public int GlobalAttnEveryNLayers { get; init; } = 3;
    public int LocalAttention { get; init; } = 128;
    public double NormEps { get; init; } = 1e-5;
    public bool IsGlobalLayer(int layer) => layer % GlobalAttnEveryNLayers == 0;
    public double RopeThetaForLayer(int layer) => IsGlobalLayer(layer) ? GlobalRopeTheta : LocalRopeTheta;
}

public abstract record CausalLmConfig : ModelConfig
{
    public int NumKeyValueHeads { get; init; }
    public double RopeTheta { get; init; } = 10000;
}

public sealed record OlmoConfig : CausalLmConfig
{
    public override string Architecture => "OlmoForCausalLM";
    public override string ModelType => "olmo";
    public double? ClipQkv { get; init; }
}

public sealed record LlamaConfig : CausalLmConfig
{
    public override string Architecture => "LlamaForCausalLM";
    public override string ModelType => "llama";
    public double RmsNormEps { get; init; } = 1e-6;
}
