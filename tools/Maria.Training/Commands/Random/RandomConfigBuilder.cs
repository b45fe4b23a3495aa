using Maria.Export.Configs;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Training.Commands.RandomWeights;

/// <summary>
/// Turns the options of <c>maria-train random</c> into a validated config record: a public preset, or the sizes
/// given on the command line, with every override applied on top.
/// </summary>
internal static class RandomConfigBuilder
{
    public static ModelConfig Build(RandomCommand options)
    {
        ModelConfig config = Start(options);
        config = config switch
        {
            ModernBertConfig modernBert => ApplyModernBert(modernBert, options),
            OlmoConfig olmo => ApplyCausal(olmo, options) with { ClipQkv = options.ClipQkv ?? olmo.ClipQkv },
            LlamaConfig llama => ApplyCausal(llama, options),
            _ => throw new InvalidOperationException($"unexpected config type {config.GetType().Name}"),
        };
        if (options.ClipQkv is not null && config is not OlmoConfig)
        {
            throw new UsageException("--clip-qkv applies to --arch olmo only; leave it out for this architecture");
        }
        config.Validate("command line");
        return config;
    }

    private static ModelConfig Start(RandomCommand options)
    {
        string? preset = options.Preset?.ToLowerInvariant();
        ModelConfig? fromPreset = preset switch
        {
            null => null,
            "modernbert-base" => ModernBertConfig.Base(),
            "modernbert-large" => ModernBertConfig.Large(),
            "olmo-1b" => OlmoConfig.Olmo1B(),
            "olmo-7b" => OlmoConfig.Olmo7B(),
            _ => throw new UsageException($"--preset '{options.Preset}' is unknown; use modernbert-base, modernbert-large, olmo-1b or olmo-7b"),
        };
        string? arch = options.Architecture?.ToLowerInvariant();
        if (fromPreset is not null)
        {
            if (arch is not null && arch != FamilyOf(fromPreset))
            {
                throw new UsageException($"--preset {preset} is a {FamilyOf(fromPreset)} model but --arch says {arch}; drop one of them");
            }
            return fromPreset;
        }

        var missing = new List<string>();
        void Need(int? value, string name)
        {
            if (value is null)
            {
                missing.Add("--" + name);
            }
        }
        if (arch is null)
        {
            throw new UsageException("give --arch modernbert|olmo|llama (with --hidden, --layers, --heads, --intermediate, --vocab) or a --preset");
        }
        Need(options.Hidden, "hidden");
        Need(options.Layers, "layers");
        Need(options.Heads, "heads");
        Need(options.Intermediate, "intermediate");
        Need(options.Vocab, "vocab");
        if (missing.Count > 0)
        {
            throw new UsageException($"--arch {arch} without --preset needs {string.Join(", ", missing)}; or start from a --preset");
        }
        int vocab = options.Vocab!.Value;
        int heads = options.Heads!.Value;
        return arch switch
        {
            "modernbert" => ModernBertConfig.Base() with
            {
                VocabSize = vocab, HiddenSize = options.Hidden!.Value, IntermediateSize = options.Intermediate!.Value,
                NumHiddenLayers = options.Layers!.Value, NumAttentionHeads = heads,
            },
            "olmo" => OlmoConfig.Olmo1B() with
            {
                VocabSize = vocab, HiddenSize = options.Hidden!.Value, IntermediateSize = options.Intermediate!.Value,
                NumHiddenLayers = options.Layers!.Value, NumAttentionHeads = heads, NumKeyValueHeads = heads,
            },
            "llama" => new LlamaConfig
            {
                VocabSize = vocab, HiddenSize = options.Hidden!.Value, IntermediateSize = options.Intermediate!.Value,
                NumHiddenLayers = options.Layers!.Value, NumAttentionHeads = heads, NumKeyValueHeads = heads,
                MaxPositionEmbeddings = 2048, TieWordEmbeddings = false, EosTokenId = vocab - 1, PadTokenId = 0,
            },
            _ => throw new UsageException($"--arch '{options.Architecture}' is unknown; use modernbert, olmo or llama"),
        };
    }

    private static string FamilyOf(ModelConfig config) => config switch
    {
        ModernBertConfig => "modernbert",
        OlmoConfig => "olmo",
        _ => "llama",
    };

    private static ModernBertConfig ApplyModernBert(ModernBertConfig c, RandomCommand o)
    {
        if (o.KeyValueHeads is not null || o.Untied)
        {
            throw new UsageException("--kv-heads and --untied apply to olmo and llama; ModernBERT has plain multi-head attention and a tied decoder");
        }
        c = c with
        {
            VocabSize = o.Vocab ?? c.VocabSize,
            HiddenSize = o.Hidden ?? c.HiddenSize,
            IntermediateSize = o.Intermediate ?? c.IntermediateSize,
            NumHiddenLayers = o.Layers ?? c.NumHiddenLayers,
            NumAttentionHeads = o.Heads ?? c.NumAttentionHeads,
            LocalAttention = o.LocalAttention ?? c.LocalAttention,
            GlobalAttnEveryNLayers = o.GlobalEvery ?? c.GlobalAttnEveryNLayers,
            MaxPositionEmbeddings = o.MaxPositions ?? c.MaxPositionEmbeddings,
        };
        // A vocabulary smaller than the public one cannot hold [CLS]=50281 etc.: move the specials to its top rows.
        if (new[] { c.PadTokenId, c.ClsTokenId, c.SepTokenId, c.BosTokenId, c.EosTokenId }.Any(id => id >= c.VocabSize))
        {
            c = c with
            {
                PadTokenId = c.VocabSize - 1, ClsTokenId = c.VocabSize - 2, BosTokenId = c.VocabSize - 2,
                SepTokenId = c.VocabSize - 3, EosTokenId = c.VocabSize - 3, MaskTokenId = null,
            };
        }
        return c;
    }

    private static TConfig ApplyCausal<TConfig>(TConfig c, RandomCommand o) where TConfig : CausalLmConfig
    {
        if (o.LocalAttention is not null || o.GlobalEvery is not null)
        {
            throw new UsageException("--local-attention and --global-every apply to modernbert only");
        }
        if (o.Untied && o.Tied)
        {
            throw new UsageException("--tied and --untied contradict each other; give one");
        }
        int heads = o.Heads ?? c.NumAttentionHeads;
        c = c with
        {
            VocabSize = o.Vocab ?? c.VocabSize,
            HiddenSize = o.Hidden ?? c.HiddenSize,
            IntermediateSize = o.Intermediate ?? c.IntermediateSize,
            NumHiddenLayers = o.Layers ?? c.NumHiddenLayers,
            NumAttentionHeads = heads,
            NumKeyValueHeads = o.KeyValueHeads ?? (o.Heads is null ? c.NumKeyValueHeads : heads),
            TieWordEmbeddings = o.Tied || (!o.Untied && c.TieWordEmbeddings),
            RopeTheta = o.RopeTheta ?? c.RopeTheta,
            MaxPositionEmbeddings = o.MaxPositions ?? c.MaxPositionEmbeddings,
        };
        if (c.EosTokenId >= c.VocabSize || c.PadTokenId >= c.VocabSize)
        {
            c = c with { EosTokenId = c.VocabSize - 1, PadTokenId = Math.Min(1, c.VocabSize - 1) };
        }
        return c;
    }
}
