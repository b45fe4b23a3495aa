using Maria.Export.Files;
using ScottPlot;

namespace Maria.Tools.Common;

/// <summary>
/// The tools' one way to save a chart (eval, bench, arena, generate sweeps, maria-train plot): PNG or SVG chosen by
/// the file's extension, refused up front for any other, written through <see cref="AtomicFile"/>.
/// </summary>
internal static class PlotFile
{
    /// <summary>Refuses a path whose extension is not .png or .svg, naming <paramref name="option"/>; call it before any long computation.</summary>
    public static void CheckPath(string path, string option)
    {
        if (Format(path) is null)
        {
            throw new UsageException($"{option} {path}: unknown image format; end the file name with .png or .svg");
        }
    }

    /// <summary>Saves <paramref name="plot"/> at <paramref name="width"/> × <paramref name="height"/> pixels to <paramref name="path"/>.</summary>
    public static void Save(Plot plot, string path, int width, int height, string option = "plot", bool createFolder = false)
    {
        CheckPath(path, option);
        AtomicFile.Write(path, temporary =>
        {
            if (Format(path) == ".png")
            {
                plot.SavePng(temporary, width, height);
            }
            else
            {
                plot.SaveSvg(temporary, width, height);
            }
        }, createFolder);
    }

    private static string? Format(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension is ".png" or ".svg" ? extension : null;
    }
}
