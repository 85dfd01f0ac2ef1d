namespace CaseHub.Web.Operations;

/// <summary>The operator commands CaseHub.Web.dll understands besides serving.</summary>
public enum OperatorMode { Serve, Version, Check, VerifyAudit, Backup, Restore, InviteAdministrator }

/// <summary>
/// Splits the command line into CaseHub's own mode flags and what goes to the host's configuration. Configuration
/// overrides (<c>--Database:ConnectionString=…</c> or <c>--Database:ConnectionString …</c>) may stand anywhere: a mode
/// flag is taken out before the host sees the rest, so it never swallows the next argument as its value.
/// </summary>
public sealed record CommandLine(OperatorMode Mode, string? Value, string[] HostArgs, string? Error)
{
    private static readonly Dictionary<string, OperatorMode> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--version"] = OperatorMode.Version,
        ["--check"] = OperatorMode.Check,
        ["--verify-audit"] = OperatorMode.VerifyAudit,
        ["--backup"] = OperatorMode.Backup,
        ["--restore"] = OperatorMode.Restore,
        ["--invite-admin"] = OperatorMode.InviteAdministrator,
    };

    /// <summary>Flags followed by a value (a file, an e-mail address), and what the value is called in messages.</summary>
    private static readonly Dictionary<OperatorMode, string> Values = new()
    {
        [OperatorMode.Backup] = "FILE", [OperatorMode.Restore] = "FILE", [OperatorMode.InviteAdministrator] = "EMAIL",
    };

    public const string Usage =
        "Usage: CaseHub.Web [--version | --check | --verify-audit | --backup FILE | --restore FILE | --invite-admin EMAIL] [--Section:Key=value ...]";

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var mode = OperatorMode.Serve;
        string? value = null;
        var host = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var (name, inlineValue) = arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is var eq and > 0
                ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            if (!Flags.TryGetValue(name, out var flag))
            {
                host.Add(arg);
                continue;
            }
            if (mode != OperatorMode.Serve)
                return Fail($"Give one command at a time ({Name(mode)} and {name}).");
            mode = flag;
            if (!Values.TryGetValue(flag, out var what))
            {
                if (inlineValue is not null) return Fail($"{name} takes no value.");
                continue;
            }
            value = inlineValue;
            if (value is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            if (string.IsNullOrWhiteSpace(value)) return Fail($"{name} needs {(what == "FILE" ? "a file" : "an e-mail address")}: {name} {what}.");
        }
        return new CommandLine(mode, value, [.. host], null);
    }

    private static CommandLine Fail(string error) => new(OperatorMode.Serve, null, [], error + " " + Usage);

    private static string Name(OperatorMode mode) => Flags.First(f => f.Value == mode).Key;
}
