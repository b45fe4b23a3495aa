using System.Globalization;
using Maria.Runtime;

namespace Maria.Export.Packaging;

/// <summary>
/// Refuses an export whose output disk cannot hold the planned package (<see cref="PackageSizePlan"/>) before a single
/// byte is written, instead of failing hours into a 7B export with a full disk.
/// </summary>
public static class DiskSpaceCheck
{
    /// <summary>Throws a one-line <see cref="MariaInputException"/> when <paramref name="freeBytes"/> is below <paramref name="plannedBytes"/>.</summary>
    /// <param name="outputDirectory">The package folder asked for (named in the message).</param>
    /// <param name="plannedBytes">Planned package size.</param>
    /// <param name="freeBytes">Bytes available to this user on the disk that will hold it.</param>
    public static void Require(string outputDirectory, long plannedBytes, long freeBytes)
    {
        if (freeBytes < plannedBytes)
        {
            throw new MariaInputException(string.Create(CultureInfo.InvariantCulture,
                $"--output '{outputDirectory}': the package needs about {Gigabytes(plannedBytes)} but its disk has {Gigabytes(freeBytes)} free; free {Gigabytes(plannedBytes - freeBytes)} or more, or export to another disk (smaller: --weights int4)"));
        }
    }

    /// <summary>Bytes available to this user on the disk of <paramref name="directory"/> (or of its nearest existing parent).</summary>
    public static long FreeBytes(string directory)
    {
        var folder = new DirectoryInfo(Path.GetFullPath(directory));
        while (!folder.Exists && folder.Parent is not null)
        {
            folder = folder.Parent;
        }

        return new DriveInfo(folder.FullName).AvailableFreeSpace;
    }

    private static string Gigabytes(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.00} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB");
}
