using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace Maria.Cli.Commands.Doctor;

/// <summary>
/// The CPU's vector instruction sets as .NET sees them; ONNX Runtime's CPU kernels (MLAS) dispatch on the same CPUID
/// flags, so AVX-512 / VNNI here means its int8 and fp32 GEMMs use them.
/// </summary>
internal static class SimdLevel
{
    public static string Describe()
    {
        (bool Supported, string Name)[] sets =
        [
            (Avx512F.IsSupported, "AVX-512F"), (Avx512BW.IsSupported, "AVX-512BW"), (Avx512Vbmi.IsSupported, "AVX-512VBMI"),
            (AvxVnni.IsSupported, "AVX-VNNI"), (Avx2.IsSupported, "AVX2"), (Fma.IsSupported, "FMA"), (Sse42.IsSupported, "SSE4.2"),
        ];
        var present = sets.Where(set => set.Supported).Select(set => set.Name).ToList();
        string list = present.Count == 0 ? "no x86 vector extensions" : string.Join(" ", present);
        return $"{list}; Vector<float> {Vector<float>.Count} lanes";
    }
}
