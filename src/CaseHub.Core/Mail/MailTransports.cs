using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CaseHub.Core.Mail;

/// <summary>
/// Delivers stored MIME messages. Implementations must throw on failure so the outbox retries, ask
/// <c>beforeSend</c> right before each message (false: another node has it now, skip it) and call <c>onSent</c> after.
/// </summary>
public interface IMailTransport
{
    Task SendAsync(IReadOnlyList<(Guid Id, string To, byte[] Mime)> batch, Func<Guid, Task<bool>> beforeSend, Func<Guid, Task> onSent, CancellationToken ct);
}

/// <summary>Writes each message as an .eml file (the default, so a fresh install never needs an SMTP server).</summary>
public sealed class PickupFolderTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task SendAsync(IReadOnlyList<(Guid Id, string To, byte[] Mime)> batch, Func<Guid, Task<bool>> beforeSend, Func<Guid, Task> onSent, CancellationToken ct)
    {
        var dir = Path.GetFullPath(options.Value.PickupDirectory);
        Directory.CreateDirectory(dir);
        foreach (var (id, _, mime) in batch)
        {
            // Write then rename: a reader of the folder never sees half a message; the id makes a retry overwrite, not duplicate.
            if (!await beforeSend(id)) continue;
            var final = Path.Combine(dir, $"{id:N}.eml");
            var temp = final + ".tmp";
            await File.WriteAllBytesAsync(temp, mime, ct);
            File.Move(temp, final, overwrite: true);
            await onSent(id);
        }
    }
}

/// <summary>Sends through an SMTP server with MailKit, one connection per batch.</summary>
public sealed class SmtpTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task SendAsync(IReadOnlyList<(Guid Id, string To, byte[] Mime)> batch, Func<Guid, Task<bool>> beforeSend, Func<Guid, Task> onSent, CancellationToken ct)
    {
        var s = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = s.TimeoutSeconds * 1000 };
        await client.ConnectAsync(s.Host, s.Port, Enum.Parse<SecureSocketOptions>(s.Security), ct);
        if (!string.IsNullOrEmpty(s.UserName))
            await client.AuthenticateAsync(s.UserName, s.Password ?? "", ct);
        foreach (var (id, to, bytes) in batch)
        {
            if (!await beforeSend(id)) continue;
            using var stream = new MemoryStream(bytes);
            var message = await MimeMessage.LoadAsync(stream, ct);
            var sender = message.From.Mailboxes.First();
            await client.SendAsync(message, sender, [MailboxAddress.Parse(to)], ct);
            await onSent(id);
        }
        await client.DisconnectAsync(true, ct);
    }
}
