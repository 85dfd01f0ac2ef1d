using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CaseHub.Web.Hubs;

/// <summary>
/// The JSON hub protocol, with one change: a call whose arguments cannot be bound to the method (wrong type, wrong
/// number, a GUID that is not one) becomes a call to <see cref="RoomHub.ArgumentsRefused"/> naming the method. SignalR
/// answers such calls itself, before any filter, with "Failed to invoke … due to an error on the server" in English;
/// routed this way the refusal goes through <see cref="RoomHubFilter"/> and reaches the caller in their language.
/// </summary>
public sealed class ArgumentCheckingHubProtocol(IHubProtocol inner) : IHubProtocol
{
    public string Name => inner.Name;
    public int Version => inner.Version;
    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        if (!inner.TryParseMessage(ref input, binder, out message)) return false;
        if (message is InvocationBindingFailureMessage failure)
            message = new InvocationMessage(failure.InvocationId, nameof(RoomHub.ArgumentsRefused), [failure.Target]);
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
}
