using System.Net.Mail;

namespace CaseHub.Core.Common;

/// <summary>Shared input rules, so a form, an endpoint and a hub method reject the same things with the same message.</summary>
public static class Validation
{
    public const int EmailMaxLength = 254;

    /// <summary>A single plain address (no display name, no list), at most 254 characters, with a dotted domain.</summary>
    public static bool IsEmail(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > EmailMaxLength) return false;
        value = value.Trim();
        if (value.Contains(' ') || value.Contains(',') || value.Contains(';') || value.Contains('<')) return false;
        try
        {
            var address = new MailAddress(value);
            return address.Address == value && address.Host.Contains('.') && !address.Host.EndsWith('.');
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string NormalizeEmail(string value) => value.Trim().ToLowerInvariant();

    /// <summary>Throws a localized error when the text is missing or longer than allowed.</summary>
    public static string RequireText(string? value, int maxLength, string field, bool required = true)
    {
        var v = value?.Trim() ?? "";
        if (required && v.Length == 0) throw new DomainException("Error.Required") { Field = field };
        if (v.Length > maxLength) throw new DomainException("Error.TooLong", maxLength) { Field = field };
        return v;
    }

    public static string RequireEmail(string? value, string field = "Email")
    {
        if (!IsEmail(value)) throw new DomainException("Error.InvalidEmail") { Field = field };
        return NormalizeEmail(value!);
    }
}
