namespace Maria.Runtime.Inference;

/// <summary>
/// Lets a model be disposed while another thread is inside ONNX Runtime: every session run holds a pass, and
/// <see cref="Close"/> (from <see cref="MariaModel.Dispose"/>) refuses new passes and waits until the runs in flight have
/// returned, so the sessions are never released under a running kernel (a native crash). A call that was between
/// runs fails at its next run with <see cref="ObjectDisposedException"/>.
/// </summary>
internal sealed class SessionGate(string owner)
{
    private readonly object sync = new();
    private int inFlight;
    private bool closed;

    /// <summary>A pass for one session run; dispose it when the run has returned.</summary>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public Pass Enter()
    {
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(closed, owner);
            inFlight++;
        }
        return new Pass(this);
    }

    /// <summary>Refuses new runs and blocks until the runs in flight have returned; true the first time only.</summary>
    public bool Close()
    {
        lock (sync)
        {
            if (closed)
            {
                return false;
            }
            closed = true;
            while (inFlight > 0)
            {
                Monitor.Wait(sync);
            }
            return true;
        }
    }

    private void Leave()
    {
        lock (sync)
        {
            if (--inFlight == 0)
            {
                Monitor.PulseAll(sync);
            }
        }
    }

    /// <summary>One run's hold on the gate (the default value holds nothing: an ungated session).</summary>
    public readonly struct Pass(SessionGate gate) : IDisposable
    {
        /// <summary>Ends the run's hold.</summary>
        public void Dispose() => gate?.Leave();
    }
}
