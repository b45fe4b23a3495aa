namespace Maria.Training.HeadTraining;

/// <summary>The process's resident set (RSS): managed heap, native ONNX Runtime and libtorch memory alike.</summary>
internal static class ResidentMemory
{
    /// <summary>Resident memory now, in MiB (on Linux, Environment.WorkingSet reads /proc/self/statm).</summary>
    public static double MegabytesNow() => Environment.WorkingSet / (1024.0 * 1024.0);
}
