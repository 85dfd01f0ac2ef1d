using System.Text.RegularExpressions;

namespace CaseHub.TestSupport;

public static partial class MailLinks
{
    /// <summary>The first absolute link in a mail's text whose path starts with <paramref name="pathPrefix"/>, as a relative URL.</summary>
    public static string Find(SmtpSink.ReceivedMail mail, string pathPrefix)
    {
        foreach (Match m in Url().Matches(mail.Text))
        {
            var uri = new Uri(m.Value);
            if (uri.AbsolutePath.StartsWith(pathPrefix, StringComparison.Ordinal)) return uri.PathAndQuery;
        }
        throw new InvalidOperationException($"No link to {pathPrefix} in mail '{mail.Subject}': {mail.Text}");
    }

    /// <summary>Every link in the mail's text whose path starts with <paramref name="pathPrefix"/>, as relative URLs.</summary>
    public static IReadOnlyList<string> FindAll(SmtpSink.ReceivedMail mail, string pathPrefix)
        => Url().Matches(mail.Text).Select(m => new Uri(m.Value)).Where(u => u.AbsolutePath.StartsWith(pathPrefix, StringComparison.Ordinal))
            .Select(u => u.PathAndQuery).ToList();

    public static string QueryValue(string relativeUrl, string name)
    {
        var query = relativeUrl[(relativeUrl.IndexOf('?') + 1)..];
        foreach (var part in query.Split('&'))
        {
            var kv = part.Split('=', 2);
            if (kv[0] == name) return Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : "");
        }
        throw new InvalidOperationException($"{name} not in {relativeUrl}");
    }

    [GeneratedRegex(@"https?://[^\s\)\]>""]+")]
    private static partial Regex Url();
}
