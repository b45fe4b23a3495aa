using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Maria.GenAi.Tests;

/// <summary>
/// The three decoder inputs that genai does not know, as genai tensors over pinned host arrays (genai wraps the
/// memory, it does not copy it): <c>ar_logit_positions = [-1]</c> (the AR logits genai reads are the last token's of
/// its one text), <c>logit_positions = [-1]</c> and <c>mlm_hidden</c> [1, d_mlm] (the MARIA head's row for that token).
/// </summary>
internal sealed class MariaExtraInputs : IDisposable
{
    private readonly List<GCHandle> pins = [];
    private readonly List<(string Name, Tensor Tensor)> tensors = [];

    public MariaExtraInputs(float[] mlmRow)
    {
        Add("ar_logit_positions", new long[] { -1 }, [1], ElementType.int64);
        Add("logit_positions", new long[] { -1 }, [1], ElementType.int64);
        Add("mlm_hidden", mlmRow, [1, mlmRow.Length], ElementType.float32);
    }

    /// <summary>Binds every input to <paramref name="generator"/> (kept for all of its steps).</summary>
    public void SetOn(Generator generator)
    {
        foreach (var (name, tensor) in tensors)
        {
            generator.SetModelInput(name, tensor);
        }
    }

    public void Dispose()
    {
        foreach (var (_, tensor) in tensors)
        {
            tensor.Dispose();
        }
        foreach (var pin in pins)
        {
            pin.Free();
        }
    }

    private void Add(string name, Array values, long[] shape, ElementType type)
    {
        var pin = GCHandle.Alloc(values, GCHandleType.Pinned);
        pins.Add(pin);
        tensors.Add((name, new Tensor(pin.AddrOfPinnedObject(), shape, type)));
    }
}
