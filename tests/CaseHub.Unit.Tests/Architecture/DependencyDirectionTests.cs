using System.Reflection;
using CaseHub.Core;
using CaseHub.Core.Common;

namespace CaseHub.Unit.Tests.Architecture;

/// <summary>
/// The dependency directions of Core, checked on the compiled assembly (see <see cref="TypeReferences"/>): Core never
/// uses the web host; the room engine knows no meeting type (each is a protocol plugged in from its own folder);
/// Calendar and Mail serve every feature and know none. A failure names each offending type and what it uses.
/// </summary>
public class DependencyDirectionTests
{
    private static readonly Assembly Core = typeof(CoreServices).Assembly;

    /// <summary>The meeting types and scheduling features that sit on the room engine.</summary>
    private static readonly string[] MeetingTypes = ["Conferences", "Committees", "Intervision", "Immersion", "DiscoveryDays"];

    /// <summary>Every product feature (what Calendar and Mail must not know); plumbing such as Common, Data,
    /// Localization, Accounts, Audit, Retention and Exports is not in it.</summary>
    private static readonly string[] Features = ["Rooms", "Notes", "Feedback", "Privacy", .. MeetingTypes];

    [Fact]
    public void Core_does_not_reference_the_web_project()
    {
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => a.Name is { } n && n.StartsWith("CaseHub.Web", StringComparison.Ordinal));
        Assert.Empty(Violations("CaseHub.Core", ["CaseHub.Web"]));
    }

    [Fact]
    public void Rooms_know_no_meeting_type()
        => Assert.Empty(Violations("CaseHub.Core.Rooms", MeetingTypes.Select(f => "CaseHub.Core." + f)));

    [Theory]
    [InlineData("CaseHub.Core.Calendar")]
    [InlineData("CaseHub.Core.Mail")]
    public void Calendar_and_mail_know_no_feature(string ns)
        => Assert.Empty(Violations(ns, Features.Select(f => "CaseHub.Core." + f)));

    [Fact]
    public void Retention_knows_only_its_rule_interface_each_feature_brings_its_rules()
        => Assert.Empty(Violations("CaseHub.Core.Retention", Features.Select(f => "CaseHub.Core." + f)));

    [Fact]
    public void The_checker_sees_references_made_inside_method_bodies()
    {
        // A direction that does exist is found (the checker is not blind).
        Assert.NotEmpty(Violations("CaseHub.Core.Conferences", ["CaseHub.Core.Rooms"]));
        // Notes registers itself as the rooms' notes store inside a lambda of its module: that must be seen.
        var used = TypeReferences.Of(typeof(Core.Notes.NotesModule));
        Assert.Contains(typeof(Core.Rooms.IRoomNotes), used);
        // And a reference only made in IL (a static call) in a class of Rooms: the minutes mail uses Mail's body builder.
        Assert.Contains(typeof(Core.Mail.MailBody), TypeReferences.Of(typeof(Core.Rooms.MinutesService)));
    }

    [Fact]
    public void Every_module_of_core_is_in_the_module_list()
    {
        var listed = CoreServices.Modules.Select(m => m.GetType()).ToHashSet();
        var modules = Core.GetTypes().Where(t => typeof(ICaseHubModule).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false });
        Assert.All(modules, m => Assert.Contains(m, listed));
    }

    /// <summary>"Type → used type" for each type of <paramref name="ns"/> (or below) that uses a type of a forbidden namespace.</summary>
    private static List<string> Violations(string ns, IEnumerable<string> forbidden)
    {
        var bad = forbidden.ToList();
        static bool In(string? candidate, string root) => candidate is not null && (candidate == root || candidate.StartsWith(root + ".", StringComparison.Ordinal));
        return Core.GetTypes()
            .Where(t => !t.IsNested && In(t.Namespace, ns))
            .SelectMany(t => TypeReferences.Of(t).Where(u => bad.Any(b => In(u.Namespace, b))).Select(u => $"{t.FullName} → {u.FullName}"))
            .Order().ToList();
    }
}
