using Maria.Runtime.Packaging;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Tests.Reliability;

/// <summary>
/// A package is untrusted input (issue 17): claims that would size buffers (a context or a vocabulary of 10^9, a
/// 500 MB tokenizer.json) are refused in one line before any large allocation, and a file swapped after it was
/// verified is refused at load by its sha256. Allocation is measured on the test thread (loading runs on it).
/// </summary>
public sealed class UntrustedPackageLimitTests
{
    private const long SmallAllocation = 16L << 20;  // the refusals read a 5 KB manifest; 16 MiB leaves room for the JIT

    [Fact]
    public void A_manifest_claiming_a_context_of_a_billion_tokens_is_refused_at_load_before_any_graph_is_opened()
    {
        using var package = new PackageCopy();
        package.EditManifest(m =>
        {
            m["encoder"]!["context_length"] = 1_000_000_000;
            m["decoder"]!["context_length"] = 1_000_000_000;
        });

        var (error, allocated) = LoadFailure(package.Directory);

        Assert.Equal($"{package.File("maria.json")}: context lengths (encoder 1000000000, decoder 1000000000) must be at most 1048576 tokens; re-export the package", error.Message);
        Assert.InRange(allocated, 0, SmallAllocation);
    }

    [Fact]
    public void A_manifest_claiming_a_vocabulary_of_a_billion_ids_is_refused_at_load()
    {
        using var package = new PackageCopy();
        package.EditManifest(m =>
        {
            m["vocabulary"]!["shared_size"] = 1_000_000_000;
            m["head"]!["out_features"] = 1_000_000_000;
        });

        var (error, allocated) = LoadFailure(package.Directory);

        Assert.Equal($"{package.File("maria.json")}: vocabulary.shared_size (1000000000) must be 1..4194304; re-export the package", error.Message);
        Assert.InRange(allocated, 0, SmallAllocation);
    }

    [Fact]
    public void A_manifest_claiming_a_vocabulary_the_graphs_do_not_produce_is_refused_at_load_naming_both_widths()
    {
        using var package = new PackageCopy();
        package.EditManifest(m =>
        {
            m["vocabulary"]!["shared_size"] = 8192;
            m["head"]!["out_features"] = 8192;
        });

        var error = Assert.Throws<MariaInputException>(() => MariaModel.Load(package.Directory));

        Assert.Equal($"{package.File("encoder.onnx")}: the manifest says vocabulary.shared_size = 8192 but the graph's output 'mlm_logits' is 4096 wide; the manifest was edited or belongs to another package, export it again", error.Message);
    }

    [Fact]
    public void A_500_MB_tokenizer_json_is_refused_by_its_size_without_being_read()
    {
        using var package = new PackageCopy();
        // Sparse: 500 MB long, no disk blocks, nothing committed to the repository.
        using (var stream = new FileStream(package.File("tokenizer.json"), FileMode.Create))
        {
            stream.SetLength(500L << 20);
        }
        package.EditManifest(m => m["files"]!["tokenizer.json"]!["size"] = 500L << 20);

        var (error, allocated) = LoadFailure(package.Directory);

        Assert.IsType<TokenizerFormatException>(error);
        Assert.Equal($"{package.File("tokenizer.json")}: 524,288,000 bytes, more than the 134,217,728 a tokenizer.json may have (real ones are 0.5 to 35 MB); the file is damaged or not a tokenizer, use the model's original tokenizer.json", error.Message);
        Assert.InRange(allocated, 0, SmallAllocation);
        Assert.Throws<TokenizerFormatException>(() => HuggingFaceTokenizer.Load(package.File("tokenizer.json")));
    }

    [Fact]
    public void An_oversized_maria_json_is_refused_without_being_read()
    {
        using var package = new PackageCopy();
        using (var stream = new FileStream(package.File("maria.json"), FileMode.Append))
        {
            stream.SetLength(200L << 20);
        }

        var (error, allocated) = LoadFailure(package.Directory);

        Assert.Equal($"{package.File("maria.json")}: 209,715,200 bytes, more than the 1,048,576 a package manifest may have (a real one is about 5 KB); the file is not a maria.json, export the package again", error.Message);
        Assert.InRange(allocated, 0, SmallAllocation);
    }

    [Fact]
    public void A_package_file_swapped_for_one_of_the_same_size_after_loading_is_refused_at_the_next_load_by_its_sha256()
    {
        using var package = new PackageCopy();
        MariaModel.Load(package.Directory).Dispose();
        byte[] tokenizer = File.ReadAllBytes(package.File("tokenizer.json"));
        int at = Array.IndexOf(tokenizer, (byte)'a', 1000);
        tokenizer[at] = (byte)'b';
        File.WriteAllBytes(package.File("tokenizer.json"), tokenizer);

        var error = Assert.Throws<MariaInputException>(() => MariaModel.Load(package.Directory));

        Assert.StartsWith($"{package.File("tokenizer.json")}: sha256 ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("the file is damaged or was tampered with, copy or export the package again", error.Message, StringComparison.Ordinal);
    }

    private static (MariaInputException Error, long Allocated) LoadFailure(string directory)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.ThrowsAny<MariaInputException>(() => MariaModel.Load(directory));
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
