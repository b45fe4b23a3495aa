using Maria.Export.Checkpoints;

namespace Maria.Export.Tests.Checkpoints;

public sealed class MalformedSafetensorsTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [MemberData(nameof(MalformedSafetensorsFiles.Cases), MemberType = typeof(MalformedSafetensorsFiles))]
    public void Malformed_file_is_rejected_with_a_one_line_message_naming_file_and_problem(string caseName)
    {
        var (path, fragment) = MalformedSafetensorsFiles.Write(caseName, folder.Path);

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Gap_free_zero_length_tensors_do_not_count_as_overlapping()
    {
        string path = folder.File("empty.safetensors");
        File.WriteAllBytes(path, MalformedSafetensorsFiles.Container(
            """{"e":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""",
            new byte[8]));

        using var file = SafetensorsFile.Open(path);

        Assert.Equal(0, file.GetInfo("e").ElementCount);
        Assert.Equal(2, file.ReadAsFloat32("a").Length);
    }

    [Fact]
    public void Unknown_key_inside_a_tensor_entry_is_rejected()
    {
        string path = folder.File("extra.safetensors");
        File.WriteAllBytes(path, MalformedSafetensorsFiles.Container(
            """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"stride":[1]}}""", new byte[4]));

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());

        Assert.Contains("unknown key 'stride'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_metadata_key_is_rejected()
    {
        string path = folder.File("meta.safetensors");
        File.WriteAllBytes(path, MalformedSafetensorsFiles.Container(
            """{"__metadata__":{"format":"pt","format":"np"}}""", []));

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());

        Assert.Contains("'format' twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_string_metadata_value_is_rejected()
    {
        string path = folder.File("meta.safetensors");
        File.WriteAllBytes(path, MalformedSafetensorsFiles.Container("""{"__metadata__":{"total":3}}""", []));

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());

        Assert.Contains("must be a string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_dimension_is_rejected()
    {
        string path = folder.File("negative.safetensors");
        File.WriteAllBytes(path, MalformedSafetensorsFiles.Container(
            """{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", new byte[4]));

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());

        Assert.Contains("shape contains -1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_that_is_not_an_object_is_rejected()
    {
        string path = folder.File("array.safetensors");
        File.WriteAllBytes(path, MalformedSafetensorsFiles.Container("""[1, 2]""", []));

        Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());
    }

    [Fact]
    public void Missing_file_raises_file_not_found_naming_the_path()
    {
        string path = folder.File("absent.safetensors");

        var error = Assert.Throws<FileNotFoundException>(() => SafetensorsFile.Open(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
