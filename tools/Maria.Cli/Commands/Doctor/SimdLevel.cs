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
        var sets = new List<string>();
        if (Avx512F.IsSupported)
        {
            sets.Add("AVX-512F");
        }
        if (Avx512BW.IsSupported)
        {
            sets.Add("AVX-512BW");
        }
        if (Avx512Vbmi.IsSupported)
        {
            sets.Add("AVX-512VBMI");
        }
        if (AvxVnni.IsSupported)
        {
            sets.Add("AVX-VNNI");
        }
        if (Avx2.IsSupported)
        {
            sets.Add("AVX2");
        }
        if (Fma.IsSupported)
        {
            sets.Add("FMA");
        }
        if (Sse42.IsSupported)
        {
            sets.Add("SSE4.2");
        }
        string list = sets.Count == 0 ? "no x86 vector extensions" : string.Join(" ", sets);
        return $"{list}; Vector<float> {Vector<float>.Count} lanes";
    }
}
