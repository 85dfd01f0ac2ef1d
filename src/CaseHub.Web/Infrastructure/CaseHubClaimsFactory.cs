using System.Security.Claims;
using CaseHub.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Infrastructure;

/// <summary>Adds the display name and organisation to the sign-in cookie so pages need no lookup for them.</summary>
public sealed class CaseHubClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    public const string DisplayName = "name";
    public const string Organisation = "org";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        if (user.OrganisationId is { } org) identity.AddClaim(new Claim(Organisation, org.ToString()));
        return identity;
    }
}
