using System.Xml.Linq;

namespace Maria.Cli.Tests.Plotting;

/// <summary>Checks that a --plot output is a real image: the format's signature and a size no empty canvas has.</summary>
internal static class PlotFiles
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, bytes.Take(PngSignature.Length));
        // 800 x 560 with axes, lines, legend and text: tens of kilobytes; a blank canvas compresses to a few.
        Assert.True(bytes.Length > 10_000, $"{path} is only {bytes.Length} bytes");
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp*"));
    }

    public static void AssertSvg(string path, IEnumerable<string> texts)
    {
        var document = XDocument.Load(path);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        string content = File.ReadAllText(path);
        Assert.True(content.Length > 5_000, $"{path} is only {content.Length} characters");
        Assert.All(texts, text => Assert.Contains(text, content, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp*"));
    }
}
