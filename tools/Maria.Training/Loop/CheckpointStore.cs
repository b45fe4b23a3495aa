using System.Text.Json;
using Maria.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Maria.Training.Loop;

/// <summary>
/// Saves and restores the full training state in <c>OUTPUT/checkpoint/</c>: model.bin (fp32 weights, see <see cref="ParameterFile"/>, TorchSharp
/// format), optimizer.bin (AdamW moments and step counts) and state.json (the loop's state record, an <see cref="ILoopState{TSettings}"/>). A new
/// checkpoint is written beside the old one and swapped in by renames, so an interrupted save never leaves the
/// run without a usable checkpoint.
/// </summary>
internal sealed class CheckpointStore(string outputDirectory, string folderOption)
{
    private const string ModelFile = "model.bin", OptimizerFile = "optimizer.bin", StateFile = "state.json";
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The command-line option that names the run's folder (<c>--output</c>, <c>--run-dir</c>), for the hints of errors.</summary>
    public string FolderOption => folderOption;

    /// <summary>The folder of the current checkpoint.</summary>
    public string Directory => Path.Combine(outputDirectory, "checkpoint");

    private string Incoming => Directory + ".incoming";

    private string Previous => Directory + ".previous";

    /// <summary>Whether a checkpoint exists (or a previous one survived an interrupted swap).</summary>
    public bool Exists => File.Exists(Path.Combine(Directory, StateFile)) || File.Exists(Path.Combine(Previous, StateFile));

    /// <summary>Writes a checkpoint of <paramref name="model"/>, <paramref name="optimizer"/> and <paramref name="state"/>.</summary>
    public void Save<TState>(nn.Module model, OptimizerHelper optimizer, TState state)
    {
        if (System.IO.Directory.Exists(Incoming))
        {
            System.IO.Directory.Delete(Incoming, recursive: true);
        }
        System.IO.Directory.CreateDirectory(Incoming);
        ParameterFile.Save(model, Path.Combine(Incoming, ModelFile));
        optimizer.save_state_dict(Path.Combine(Incoming, OptimizerFile));
        File.WriteAllText(Path.Combine(Incoming, StateFile), JsonSerializer.Serialize(state, JsonOptions));

        if (System.IO.Directory.Exists(Previous))
        {
            System.IO.Directory.Delete(Previous, recursive: true);
        }
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Move(Directory, Previous);
        }
        System.IO.Directory.Move(Incoming, Directory);
        if (System.IO.Directory.Exists(Previous))
        {
            System.IO.Directory.Delete(Previous, recursive: true);
        }
    }

    /// <summary>Reads only the state of the latest checkpoint.</summary>
    public TState ReadState<TState>()
    {
        string path = Path.Combine(LatestDirectory(), StateFile);
        return JsonSerializer.Deserialize<TState>(File.ReadAllText(path))
            ?? throw new MariaInputException($"checkpoint state '{path}' is empty; delete the checkpoint folder to start over");
    }

    /// <summary>Loads the latest checkpoint's weights and optimizer state into existing objects; returns its state.</summary>
    public TState Load<TState>(nn.Module model, OptimizerHelper optimizer)
    {
        string directory = LatestDirectory();
        var state = ReadState<TState>();
        ParameterFile.Load(model, Path.Combine(directory, ModelFile));
        optimizer.load_state_dict(Path.Combine(directory, OptimizerFile));
        return state;
    }

    private string LatestDirectory()
    {
        if (File.Exists(Path.Combine(Directory, StateFile)))
        {
            return Directory;
        }
        if (File.Exists(Path.Combine(Previous, StateFile)))
        {
            return Previous; // a save was interrupted between the two renames
        }
        throw new MariaInputException(
            $"--resume: no checkpoint in '{Directory}'; run without --resume to start, or point {folderOption} at the interrupted run");
    }
}
