namespace Maria.Export.Tests.Configs;

/// <summary>
/// config.json texts shaped like the public Hub checkpoints (values from architectures.md §1.1 and §2.1), in the older
/// and newer transformers key styles. Written out by hand so the reader is checked against files it did not produce.
/// </summary>
public static class PublicConfigJson
{
    public const string ModernBertBaseOlderKeys = """
    {
      "_name_or_path": "answerdotai/ModernBERT-base",
      "architectures": ["ModernBertForMaskedLM"],
      "attention_bias": false,
      "attention_dropout": 0.0,
      "bos_token_id": 50281,
      "classifier_activation": "gelu",
      "classifier_bias": false,
      "classifier_dropout": 0.0,
      "classifier_pooling": "mean",
      "cls_token_id": 50281,
      "decoder_bias": true,
      "deterministic_flash_attn": false,
      "embedding_dropout": 0.0,
      "eos_token_id": 50282,
      "global_attn_every_n_layers": 3,
      "global_rope_theta": 160000.0,
      "gradient_checkpointing": false,
      "hidden_activation": "gelu",
      "hidden_size": 768,
      "initializer_cutoff_factor": 2.0,
      "initializer_range": 0.02,
      "intermediate_size": 1152,
      "layer_norm_eps": 1e-05,
      "local_attention": 128,
      "local_rope_theta": 10000.0,
      "max_position_embeddings": 8192,
      "mlp_bias": false,
      "mlp_dropout": 0.0,
      "model_type": "modernbert",
      "norm_bias": false,
      "norm_eps": 1e-05,
      "num_attention_heads": 12,
      "num_hidden_layers": 22,
      "pad_token_id": 50283,
      "position_embedding_type": "absolute",
      "sep_token_id": 50282,
      "tie_word_embeddings": true,
      "torch_dtype": "float32",
      "transformers_version": "4.47.0.dev0",
      "vocab_size": 50368
    }
    """;

    public static string ModernBertLargeNewerKeys()
    {
        string layerTypes = string.Join(", ", Enumerable.Range(0, 28).Select(i => i % 3 == 0 ? "\"full_attention\"" : "\"sliding_attention\""));
        return $$"""
        {
          "architectures": ["ModernBertForMaskedLM"],
          "model_type": "modernbert",
          "bos_token_id": 50281, "cls_token_id": 50281, "eos_token_id": 50282, "pad_token_id": 50283, "sep_token_id": 50282,
          "classifier_activation": "gelu", "classifier_bias": false, "decoder_bias": true, "hidden_activation": "gelu",
          "hidden_size": 1024, "intermediate_size": 2624, "num_attention_heads": 16, "num_hidden_layers": 28,
          "layer_types": [{{layerTypes}}],
          "rope_parameters": {
            "full_attention": {"rope_theta": 160000.0, "rope_type": "default"},
            "sliding_attention": {"rope_theta": 10000.0, "rope_type": "default"}
          },
          "local_attention": 128, "max_position_embeddings": 8192, "norm_bias": false, "norm_eps": 1e-05,
          "tie_word_embeddings": true, "vocab_size": 50368, "dtype": "float32", "transformers_version": "5.0.0"
        }
        """;
    }

    public const string Olmo1B = """
    {
      "architectures": ["OlmoForCausalLM"],
      "attention_bias": false,
      "attention_dropout": 0.0,
      "clip_qkv": null,
      "eos_token_id": 50279,
      "hidden_act": "silu",
      "hidden_size": 2048,
      "initializer_range": 0.02,
      "intermediate_size": 8192,
      "max_position_embeddings": 2048,
      "model_type": "olmo",
      "num_attention_heads": 16,
      "num_hidden_layers": 16,
      "num_key_value_heads": 16,
      "pad_token_id": 1,
      "pretraining_tp": 1,
      "rope_scaling": null,
      "rope_theta": 10000.0,
      "tie_word_embeddings": true,
      "torch_dtype": "float32",
      "transformers_version": "4.40.0.dev0",
      "use_cache": true,
      "vocab_size": 50304
    }
    """;

    /// <summary>A Llama 3.2 3B-shaped config: grouped-query attention (24 query heads, 8 KV heads) and an explicit head_dim.</summary>
    public const string LlamaGroupedQuery = """
    {
      "architectures": ["LlamaForCausalLM"],
      "attention_bias": false,
      "bos_token_id": 128000,
      "eos_token_id": 128001,
      "head_dim": 128,
      "hidden_act": "silu",
      "hidden_size": 3072,
      "intermediate_size": 8192,
      "max_position_embeddings": 131072,
      "mlp_bias": false,
      "model_type": "llama",
      "num_attention_heads": 24,
      "num_hidden_layers": 28,
      "num_key_value_heads": 8,
      "rms_norm_eps": 1e-05,
      "rope_scaling": null,
      "rope_theta": 500000.0,
      "tie_word_embeddings": true,
      "vocab_size": 128256
    }
    """;
}
