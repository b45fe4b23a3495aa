namespace Maria.Runtime;

/// <summary>What trying a device found (<see cref="MariaModel.CheckDevice"/>).</summary>
/// <param name="Device">The device tried.</param>
/// <param name="Usable">True when a probe graph ran on it in this process.</param>
/// <param name="Detail">
/// One line: what ran where, or why it cannot, naming the fix (e.g. "libcublasLt.so.13 not found: install the CUDA 13
/// runtime and cuDNN 9, or use --device cpu").
/// </param>
public sealed record DeviceCheck(ExecutionDevice Device, bool Usable, string Detail);
