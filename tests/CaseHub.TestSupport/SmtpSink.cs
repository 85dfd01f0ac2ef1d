using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MimeKit;

namespace CaseHub.TestSupport;

/// <summary>A real SMTP server on loopback (npm smtp-server) that stores every message it accepts.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private Process? _process;

    public int Port { get; } = NodeProcess.FreePort();
    public string Directory { get; } = RepoPaths.NewTempDir("smtp");
    public bool IsRunning => _process is { HasExited: false };

    public static async Task<SmtpSink> StartNewAsync()
    {
        var sink = new SmtpSink();
        await sink.StartAsync();
        return sink;
    }

    public async Task StartAsync()
    {
        if (IsRunning) return;
        _process = await NodeProcess.StartAsync("smtp-sink.mjs", [Port.ToString(CultureInfo.InvariantCulture), Directory]);
    }

    /// <summary>Stops the server (connections refused) — the "SMTP down" situation.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        try { _process.Kill(true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public sealed record ReceivedMail(string File, IReadOnlyList<string> EnvelopeTo, MimeMessage Message)
    {
        public string To => EnvelopeTo.Single();
        public string Subject => Message.Subject ?? "";
        public string Text => Message.TextBody ?? "";
        public string Html => Message.HtmlBody ?? "";
    }

    public IReadOnlyList<ReceivedMail> Messages()
    {
        var result = new List<ReceivedMail>();
        foreach (var eml in System.IO.Directory.GetFiles(Directory, "*.eml").Order())
        {
            var envelope = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(eml, ".json")));
            var to = envelope.RootElement.GetProperty("to").EnumerateArray().Select(e => e.GetString()!).ToList();
            result.Add(new ReceivedMail(eml, to, MimeMessage.Load(eml)));
        }
        return result;
    }

    public IReadOnlyList<ReceivedMail> MessagesTo(string address)
        => Messages().Where(m => m.EnvelopeTo.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits until at least <paramref name="count"/> messages match.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(Func<ReceivedMail, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = Messages().Where(match).ToList();
            if (found.Count >= count) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} matching mail(s), found {found.Count}. All: {string.Join(" | ", Messages().Select(m => m.To + ": " + m.Subject))}");
            await Task.Delay(100);
        }
    }

    public Task<IReadOnlyList<ReceivedMail>> WaitForAsync(string to, int count = 1, TimeSpan? timeout = null)
        => WaitForAsync(m => m.EnvelopeTo.Contains(to, StringComparer.OrdinalIgnoreCase), count, timeout);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
