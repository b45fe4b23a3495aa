using System.Text.Json.Nodes;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;

namespace Maria.Cli.Commands.Inspect;

/// <summary>A Hugging Face checkpoint folder: config.json plus model.safetensors or an index with shards.</summary>
internal sealed class HuggingFaceFolderSummarizer : IInspectionSummarizer
{
    public int Order => 10;

    public bool CanSummarize(string path) => HuggingFaceCheckpoint.LooksLikeCheckpoint(path);

    public InspectionReport Summarize(string path)
    {
        using var checkpoint = HuggingFaceCheckpoint.Open(path);
        var settings = ConfigSettings(checkpoint.Config);
        settings["tokenizer"] = checkpoint.TokenizerPath;
        IReadOnlyList<string> files = checkpoint.Tensors is ShardedSafetensors sharded
            ? [checkpoint.WeightsPath, .. sharded.ShardPaths]
            : [checkpoint.WeightsPath];
        return new InspectionReport("Hugging Face checkpoint", path)
        {
            Architecture = checkpoint.Config.Architecture,
            Settings = settings,
            Files = files,
            Metadata = checkpoint.Tensors.Metadata,
            Tensors = checkpoint.Tensors.Tensors,
        };
    }

    /// <summary>The sizes every architecture has, then the ones particular to it, under their config.json key names.</summary>
    private static JsonObject ConfigSettings(ModelConfig config)
    {
        var settings = new JsonObject
        {
            ["model_type"] = config.ModelType,
            ["vocab_size"] = config.VocabSize,
            ["hidden_size"] = config.HiddenSize,
            ["intermediate_size"] = config.IntermediateSize,
            ["num_hidden_layers"] = config.NumHiddenLayers,
            ["num_attention_heads"] = config.NumAttentionHeads,
            ["head_dim"] = config.HeadDim,
            ["max_position_embeddings"] = config.MaxPositionEmbeddings,
            ["tie_word_embeddings"] = config.TieWordEmbeddings,
        };
        switch (config)
        {
            case ModernBertConfig bert:
                settings["global_attn_every_n_layers"] = bert.GlobalAttnEveryNLayers;
                settings["local_attention"] = bert.LocalAttention;
                settings["global_rope_theta"] = bert.GlobalRopeTheta;
                settings["local_rope_theta"] = bert.LocalRopeTheta;
                settings["norm_eps"] = bert.NormEps;
                settings["cls_sep_pad_token_ids"] = $"{bert.ClsTokenId} {bert.SepTokenId} {bert.PadTokenId}";
                break;
            case CausalLmConfig causal:
                settings["num_key_value_heads"] = causal.NumKeyValueHeads;
                settings["rope_theta"] = causal.RopeTheta;
                settings["bos_token_id"] = causal.BosTokenId;
                settings["eos_token_id"] = causal.EosTokenId;
                settings["pad_token_id"] = causal.PadTokenId;
                if (causal is OlmoConfig olmo)
                {
                    settings["clip_qkv"] = olmo.ClipQkv;
                }
                else if (causal is LlamaConfig llama)
                {
                    settings["rms_norm_eps"] = llama.RmsNormEps;
                }
                break;
        }
        return settings;
    }
}
