using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using CaseHub.TestSupport;

namespace CaseHub.ScaleOut.Tests;

/// <summary>A private redis-server (Debian package) on a free loopback port, which a test may stop and start again.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _dir = RepoPaths.NewTempDir("redis");
    private Process? _process;

    public int Port { get; } = NodeProcess.FreePort();
    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var a in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" }) info.ArgumentList.Add(a);
        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server)");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Loopback.WaitForPortAsync(Port, TimeSpan.FromSeconds(15), "redis-server");
    }

    /// <summary>Redis disappears (SIGKILL), as when its machine fails.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}

/// <summary>nginx from Debian's package, run in the foreground with CaseHub's own ops/nginx files and the test's node ports.</summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly string _dir = RepoPaths.NewTempDir("nginx");
    private Process? _process;

    public int Port { get; } = NodeProcess.FreePort();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public async Task StartAsync(IReadOnlyList<int> nodePorts)
    {
        var ops = Path.Combine(RepoPaths.Root, "ops", "nginx");
        // The shipped upstream file, with the test's node ports in place of the example ones.
        var upstream = File.ReadAllText(Path.Combine(ops, "casehub-upstream.conf"))
            .Replace("server 127.0.0.1:5081", $"server 127.0.0.1:{nodePorts[0]}")
            .Replace("server 127.0.0.1:5082", $"server 127.0.0.1:{nodePorts[1]}");
        if (!upstream.Contains($":{nodePorts[0]} ") || !upstream.Contains($":{nodePorts[1]} "))
            throw new InvalidOperationException("ops/nginx/casehub-upstream.conf no longer lists the nodes as 127.0.0.1:5081 and :5082");
        File.WriteAllText(Path.Combine(_dir, "upstream.conf"), upstream);
        foreach (var temp in new[] { "body", "proxy", "fastcgi", "uwsgi", "scgi" }) Directory.CreateDirectory(Path.Combine(_dir, temp));
        File.WriteAllText(Path.Combine(_dir, "nginx.conf"), $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            daemon off;
            worker_processes 1;
            pid {{_dir}}/nginx.pid;
            error_log {{_dir}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log {{_dir}}/access.log;
                client_body_temp_path {{_dir}}/body;
                proxy_temp_path {{_dir}}/proxy;
                fastcgi_temp_path {{_dir}}/fastcgi;
                uwsgi_temp_path {{_dir}}/uwsgi;
                scgi_temp_path {{_dir}}/scgi;
                include {{_dir}}/upstream.conf;
                server {
                    listen 127.0.0.1:{{Port}};
                    include {{ops}}/casehub-proxy.conf;
                }
            }
            """);
        var nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
        var info = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-p", _dir, "-c", Path.Combine(_dir, "nginx.conf") }) info.ArgumentList.Add(a);
        _process = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start (apt-get install nginx)");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Loopback.WaitForPortAsync(Port, TimeSpan.FromSeconds(15), "nginx", () => File.Exists(Path.Combine(_dir, "error.log")) ? File.ReadAllText(Path.Combine(_dir, "error.log")) : "");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }
}

internal static class Loopback
{
    public static async Task WaitForPortAsync(int port, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"{what} is not listening on port {port}. {diagnostics?.Invoke()}");
    }
}
