using CaseHub.Core.Common;

namespace CaseHub.Web.Hubs;

public sealed partial class RoomHub
{
    /// <summary>
    /// Where <see cref="ArgumentCheckingHubProtocol"/> sends a call whose arguments did not fit its method: refused with
    /// the method's name, in the caller's language (a client calling it directly gets the same refusal).
    /// </summary>
    public Task<bool> ArgumentsRefused(string? method)
        => throw new DomainException("Error.HubArguments", method is { Length: > 60 } ? method[..60] : method ?? "");
}
