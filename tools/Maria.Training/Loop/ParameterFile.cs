using Maria.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Loop;

/// <summary>
/// The fp32 weights of a checkpoint: the module's named parameters in order, each as its name and the tensor in
/// TorchSharp's binary format. Written from <c>named_parameters()</c> rather than <c>Module.save</c>, whose state
/// dictionary also lists every parameter again under the names of the private fields that hold it (several times
/// the size on disk).
/// </summary>
internal static class ParameterFile
{
    /// <summary>Writes every named parameter of <paramref name="module"/> to <paramref name="path"/>.</summary>
    public static void Save(nn.Module module, string path)
    {
        var parameters = module.named_parameters().ToList();
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(parameters.Count);
        foreach (var (name, parameter) in parameters)
        {
            writer.Write(name);
            parameter.Save(writer);
        }
    }

    /// <summary>Overwrites <paramref name="module"/>'s parameters with those in <paramref name="path"/>; names must match.</summary>
    public static void Load(nn.Module module, string path)
    {
        var parameters = module.named_parameters().ToList();
        using var reader = new BinaryReader(File.OpenRead(path));
        int count = reader.ReadInt32();
        if (count != parameters.Count)
        {
            throw new MariaInputException(
                $"checkpoint weights '{path}' hold {count} tensors but the model has {parameters.Count}; resume with the --config the run started with");
        }
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in parameters)
        {
            string saved = reader.ReadString();
            if (saved != name)
            {
                throw new MariaInputException(
                    $"checkpoint weights '{path}' have '{saved}' where the model has '{name}'; resume with the --config the run started with");
            }
            parameter.Load(reader);
        }
    }
}
