using SharpFuzz;

namespace Maria.Fuzz;

/// <summary>
/// maria-fuzz TARGET: the AFL++ harness of one parser (SharpFuzz out-of-process loop, stdin = one input);
/// maria-fuzz replay TARGET FILE...: the same contract check on saved inputs, without AFL (triage);
/// maria-fuzz seed FOLDER: writes the seed corpora derived from the repository's real files.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "seed")
        {
            SeedCorpus.Write(args[1]);
            return 0;
        }
        if (args.Length >= 3 && args[0] == "replay")
        {
            var target = FuzzTargets.Get(args[1]);
            foreach (string file in args.Skip(2))
            {
                Console.WriteLine($"{file}: {target.Run(File.ReadAllBytes(file))}");
            }
            return 0;
        }
        if (args.Length == 1 && FuzzTargets.Names.Contains(args[0]))
        {
            // Created inside the loop: instrumented code (a target's set-up reads real files through the product
            // assemblies) may only run once SharpFuzz has attached AFL's coverage map.
            IFuzzTarget? target = null;
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                target ??= FuzzTargets.Get(args[0]);
                target.Run(memory.ToArray());
            });
            return 0;
        }
        Console.Error.WriteLine($"usage: maria-fuzz TARGET | replay TARGET FILE... | seed FOLDER; targets: {string.Join(", ", FuzzTargets.Names)}");
        return 1;
    }
}
