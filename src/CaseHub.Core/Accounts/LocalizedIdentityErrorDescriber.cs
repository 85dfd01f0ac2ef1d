using System.Globalization;
using CaseHub.Core.Localization;
using Microsoft.AspNetCore.Identity;

namespace CaseHub.Core.Accounts;

/// <summary>Identity's own messages (password rules, invalid token…) in the user's language.</summary>
public sealed class LocalizedIdentityErrorDescriber(TextCatalog texts) : IdentityErrorDescriber
{
    private IdentityError E(string code, params object[] args) => new()
    {
        Code = code,
        Description = texts.Format("Identity." + code, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, args),
    };

    public override IdentityError DefaultError() => E(nameof(DefaultError));
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch));
    public override IdentityError InvalidToken() => E(nameof(InvalidToken));
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail));
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail));
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateEmail));
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), length);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), uniqueChars);
    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword));
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure));
}
