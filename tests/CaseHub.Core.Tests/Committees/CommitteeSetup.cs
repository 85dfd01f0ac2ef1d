using System.Collections.Concurrent;
using System.Text.Json;
using CaseHub.Core.Accounts;
using CaseHub.Core.Committees;
using CaseHub.Core.Rooms;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.Committees;

/// <summary>Records every patch the engine would broadcast, as the JSON a client would receive.</summary>
internal sealed class RecordingBroadcaster : IRoomBroadcaster
{
    public ConcurrentQueue<string> Sent { get; } = new();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public Task PatchAsync(Guid roomId, RoomPatch patch) { Sent.Enqueue(JsonSerializer.Serialize(patch, Json)); return Task.CompletedTask; }
    public Task PresenceAsync(Guid roomId, IReadOnlyList<ParticipantView> participants) { Sent.Enqueue(JsonSerializer.Serialize(participants, Json)); return Task.CompletedTask; }
    public Task RemovedAsync(Guid roomId, Guid userId, IReadOnlyList<string> connectionIds) => Task.CompletedTask;
    public Task FeatureAsync(Guid roomId, RoomFeatureChange change) => Task.CompletedTask;
    public string All => string.Join("\n", Sent);
}

/// <summary>Synthetic staff of a comité à blanc: a chair, three members, a colleague outside it and a partner worker.</summary>
internal sealed record CommitteeCast(Guid Chair, Guid[] Members, Guid Outsider, Guid Partner);

/// <summary>Comités à blanc tests: the host with a recording room broadcaster and the <see cref="CommitteeCast"/>.</summary>
internal static class CommitteeSetup
{
    public static Task<CoreTestHost<CommitteeCast>> CreateAsync() => CoreTestHost.CreateAsync("committees", SeedAsync,
        configure: s => s.AddSingleton<RecordingBroadcaster>().AddSingleton<IRoomBroadcaster>(sp => sp.GetRequiredService<RecordingBroadcaster>()));

    private static Task<CommitteeCast> SeedAsync(CoreTestHost bed) => bed.DbAsync(async db =>
    {
        var roles = Roles.All.ToDictionary(r => r, r => new IdentityRole<Guid>(r) { Id = Guid.CreateVersion7(), NormalizedName = r.ToUpperInvariant() });
        db.Roles.AddRange(roles.Values);
        Guid User(string name, string role)
        {
            var u = new AppUser { DisplayName = name, Email = name.Replace(' ', '.').ToLowerInvariant() + "@cpas.test", UserName = name, Language = "fr" };
            db.Users.Add(u);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = u.Id, RoleId = roles[role].Id });
            return u.Id;
        }
        var cast = new CommitteeCast(
            User("Fanny Testeuse", Roles.Facilitator),
            [User("Claude Vandersmissen", Roles.CommitteeMember), User("Sarah Lambotte", Roles.SocialWorker), User("Ilias Ouardi", Roles.InsertionAgent)],
            User("Oscar Dehaene", Roles.SocialWorker),
            User("Pieter Verhulst", Roles.PartnerWorker));
        await db.SaveChangesAsync();
        return cast;
    });

    public static RecordingBroadcaster Broadcast(this CoreTestHost bed) => bed.Services.GetRequiredService<RecordingBroadcaster>();

    public static Task<T> Committees<T>(this CoreTestHost bed, Func<CommitteeService, Task<T>> action) => bed.InScopeAsync(action);
    public static Task Committees(this CoreTestHost bed, Func<CommitteeService, Task> action) => bed.InScopeAsync(action);

    public static ExerciseCaseInput CaseInput(string title, string narrative = "Madame X demande une aide pour une garantie locative. Elle vit seule avec deux enfants.") => new()
    {
        Title = title, Household = "Adulte, 38 ans ; deux enfants", LegalCategory = LegalCategory.FamilyDependants,
        Resources = "Revenu d'intégration", MonthlyResources = "1580", Request = "Garantie locative de deux mois", AidType = AidType.RentGuarantee,
        RequestedAmount = "1650", Narrative = narrative,
    };

    public static Task<CaseSaveResult> SaveCaseAsync(this CoreTestHost<CommitteeCast> bed, ExerciseCaseInput input, Guid? id = null)
        => bed.ScopeAsync(sp => sp.GetRequiredService<ExerciseCaseService>().SaveAsync(id, input, bed.Cast.Chair));

    /// <summary>A session with two clean cases, started, with the chair and the three members present.</summary>
    public static async Task<(CommitteeSession Session, Guid Room, List<CommitteeSessionCase> Cases)> LiveSessionAsync(this CoreTestHost<CommitteeCast> bed, bool showNames = false)
    {
        var a = (await bed.SaveCaseAsync(CaseInput("Garantie locative après une séparation"))).Saved!;
        var b = (await bed.SaveCaseAsync(CaseInput("Arriérés d'énergie", "Monsieur Y a une facture de régularisation de gaz."))).Saved!;
        var now = bed.Clock.GetUtcNow();
        var (chair, members) = (bed.Cast.Chair, bed.Cast.Members);
        var session = await bed.Committees(s => s.CreateSessionAsync(new CommitteeSessionInput
        {
            Title = "Comité à blanc (test)", Start = now, End = now.AddHours(2), CaseIds = [a.Id, b.Id], MemberIds = [.. members], ShowNames = showNames,
        }, chair));
        await bed.Committees(s => s.StartAsync(session.Id, chair));
        foreach (var u in members.Prepend(chair))
            await bed.ScopeAsync(sp => sp.GetRequiredService<RoomEngine>().JoinAsync(session.RoomId, u, "conn-" + u));
        var cases = await bed.DbAsync(async db => db.CommitteeSessionCases.Where(c => c.SessionId == session.Id).OrderBy(c => c.Order).ToList());
        return (session, session.RoomId, cases);
    }

    public static Task<CommitteeSessionView> ViewAsync(this CoreTestHost bed, Guid sessionId, Guid userId) => bed.Committees(s => s.ViewAsync(sessionId, userId));
}
