using Maria.Editor;
using Maria.Runtime;
using Terminal.Gui.App;

// maria-editor [--model DIR]: type text with [MASK]; fills stream in as you type (or on F5), Esc cancels, Ctrl+Q quits.
string? requested = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--model" && i + 1 < args.Length)
    {
        requested = args[++i];
    }
    else
    {
        Console.Error.WriteLine($"maria-editor: unknown argument '{args[i]}'; usage: maria-editor [--model DIR]");
        return 2;
    }
}
string directory;
try
{
    directory = ModelLocator.Resolve(requested);
}
catch (MariaInputException e)
{
    Console.Error.WriteLine($"maria-editor: {e.Message}");
    return 1;
}

using IApplication app = Application.Create();
app.Init();
using var window = new EditorWindow(app);
// The model loads in the background while the window is already usable.
var load = window.LoadAsync(directory);
app.Run(window);
window.Close();
await load.ConfigureAwait(false);
return 0;
