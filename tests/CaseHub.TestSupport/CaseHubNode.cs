using System.Diagnostics;
using System.Text;

namespace CaseHub.TestSupport;

/// <summary>One CaseHub node: the built web app in its own OS process, so a test can kill it like a crashed server
/// or run its command-line tools.</summary>
public sealed class CaseHubNode : IAsyncDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");
    public string Output { get { lock (_output) return _output.ToString(); } }
    public bool IsRunning => _process is { HasExited: false };
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    public CaseHubNode(string name, IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        Name = name;
        Port = port ?? NodeProcess.FreePort();
        _environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/'),
            ["Urls"] = BaseAddress.ToString().TrimEnd('/'), // appsettings.json sets Urls; configuration from the environment wins
            ["App__NodeName"] = name,
            ["DOTNET_gcServer"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__CaseHub"] = "Information",
        };
        foreach (var (k, v) in settings) _environment[k.Replace(":", "__")] = v;
    }

    public static string WebAssembly => Path.Combine(RepoPaths.Root, "src", "CaseHub.Web", "bin", Configuration, "net10.0", "CaseHub.Web.dll");

    /// <summary>Starts the process (no waiting), with extra command-line arguments.</summary>
    public void Start(params string[] arguments)
    {
        if (!File.Exists(WebAssembly)) throw new InvalidOperationException($"{WebAssembly} is missing: build the solution ({Configuration}) first.");
        var contentRoot = Path.Combine(RepoPaths.Root, "src", "CaseHub.Web");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = contentRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(WebAssembly);
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(contentRoot);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in _environment) info.Environment[k] = v;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts and waits until /healthz answers.</summary>
    public async Task StartAndWaitAsync(TimeSpan? timeout = null)
    {
        Start();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (DateTime.UtcNow < deadline)
        {
            if (!IsRunning) throw new InvalidOperationException($"Node {Name} exited with {ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/healthz"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Node {Name} did not become healthy:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself (a start-up failure).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no graceful shutdown, like a crashed machine.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        var log = RepoPaths.Output("scale-out");
        await File.WriteAllTextAsync(Path.Combine(log, $"{Name}-{Port}.log"), Output);
    }
}
