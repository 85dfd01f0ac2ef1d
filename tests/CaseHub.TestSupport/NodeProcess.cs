using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CaseHub.TestSupport;

/// <summary>Runs the node tools in tests/tools (SMTP sink, ical.js checker…).</summary>
public static class NodeProcess
{
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Starts a long-running node script and waits until it prints a line starting with <paramref name="readyPrefix"/>.</summary>
    public static async Task<Process> StartAsync(string script, IEnumerable<string> args, string readyPrefix = "READY", TimeSpan? timeout = null)
    {
        var psi = Psi(script, args);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith(readyPrefix, StringComparison.Ordinal) == true) ready.TrySetResult(); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(timeout ?? TimeSpan.FromSeconds(30)));
        if (finished != ready.Task)
        {
            try { process.Kill(true); } catch { /* already gone */ }
            throw new InvalidOperationException($"{script} did not become ready: {errors}");
        }
        return process;
    }

    /// <summary>Runs a node script to completion, feeding <paramref name="stdin"/>, and returns its standard output.</summary>
    public static async Task<string> RunAsync(string script, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null)
    {
        var psi = Psi(script, args);
        psi.RedirectStandardInput = true;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }

    private static ProcessStartInfo Psi(string script, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.Tools, script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }
}
