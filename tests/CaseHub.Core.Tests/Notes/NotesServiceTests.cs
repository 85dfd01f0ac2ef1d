using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Notes;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Tests.Notes;

public sealed class NotesServiceTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public async Task Shuffled_and_repeated_appends_give_exactly_the_text_Yjs_computes(int seed, bool compactAlong)
    {
        var scenario = await NodeYjs.ScenarioAsync();
        await using var bed = await NotesSetup.CreateAsync();
        var key = NotesSetup.NewKey();
        var ids = new Dictionary<byte[], Guid>();
        var n = 0;
        foreach (var update in scenario.Shuffled(seed))
        {
            ids[update] = Guid.NewGuid();
            Assert.True(await bed.NewService().AppendAsync(key, update, ids[update], null));
            // Compacting while updates arrive out of causal order stores parts Yjs cannot place yet; they must come through.
            if (compactAlong && ++n % 9 == 0) await bed.NewService().CompactAsync(key);
        }
        var notes = bed.NewService();
        // A re-send (same id) of an update still in the log is ignored. Once compacted, its id is forgotten: a
        // re-send is then stored again, which is harmless since applying a Yjs update twice changes nothing.
        await using (var db = bed.NewDb())
        {
            var inLog = (await db.NoteUpdates.Select(u => u.ClientUpdateId).ToListAsync()).ToHashSet();
            foreach (var update in scenario.Shuffled(seed + 100).Take(10))
            {
                Assert.Equal(!inLog.Contains(ids[update]), await notes.AppendAsync(key, update, ids[update], null));
            }
        }
        // The same bytes under a new id are stored, and harmless: Yjs updates are idempotent.
        Assert.True(await notes.AppendAsync(key, scenario.Updates[0].Data, Guid.NewGuid(), null));

        Assert.Equal(scenario.Text, await bed.NewService().GetTextAsync(key));
    }

    [Fact]
    public async Task Compaction_keeps_the_text_and_removes_only_the_updates_it_merged()
    {
        var scenario = await NodeYjs.ScenarioAsync();
        await using var bed = await NotesSetup.CreateAsync();
        var key = NotesSetup.NewKey();
        var updates = scenario.Shuffled(7);
        var firstHalf = updates.Take(updates.Count / 2).ToList();
        foreach (var u in firstHalf) await bed.NewService().AppendAsync(key, u, Guid.NewGuid(), Guid.NewGuid());
        var textBefore = await NodeYjs.TextAsync(firstHalf);

        var result = await bed.NewService().CompactAsync(key);

        Assert.Equal(firstHalf.Count, result.Merged);
        Assert.Equal(textBefore, result.Text);
        Assert.Equal(0, await bed.StoredUpdatesAsync(key));
        await using (var db = bed.NewDb())
        {
            var doc = await db.NoteDocuments.SingleAsync(d => d.Key == key);
            Assert.Equal(textBefore, doc.Text);
            Assert.Equal(1, doc.Version);
            Assert.NotEmpty(doc.Snapshot);
        }

        foreach (var u in updates.Skip(firstHalf.Count)) await bed.NewService().AppendAsync(key, u, Guid.NewGuid(), null);
        Assert.Equal(updates.Count - firstHalf.Count, await bed.StoredUpdatesAsync(key));
        Assert.Equal(scenario.Text, await bed.NewService().GetTextAsync(key));
        // GetText compacted on the way.
        Assert.Equal(0, await bed.StoredUpdatesAsync(key));
        Assert.Equal(scenario.Text, await bed.NewService().GetTextAsync(key));
    }

    [Fact]
    public async Task An_update_stored_while_a_compaction_runs_is_kept_in_the_log()
    {
        var scenario = await NodeYjs.ScenarioAsync();
        await using var bed = await NotesSetup.CreateAsync();
        var key = NotesSetup.NewKey();
        var updates = scenario.Updates.Select(u => u.Data).ToList();
        var late = updates[^1];
        foreach (var u in updates.Take(updates.Count - 1)) await bed.NewService().AppendAsync(key, u, Guid.NewGuid(), null);

        var compactor = bed.NewService();
        // Another request (its own context) stores an update after the compaction read the log.
        compactor.BeforeCompactionWrite = async () => Assert.True(await bed.NewService().AppendAsync(key, late, Guid.NewGuid(), null));
        var result = await compactor.CompactAsync(key);

        Assert.Equal(updates.Count - 1, result.Merged);
        Assert.Equal(1, await bed.StoredUpdatesAsync(key));
        Assert.Equal(scenario.Text, await bed.NewService().GetTextAsync(key));
    }

    [Fact]
    public async Task When_two_nodes_compact_at_once_only_one_writes_and_nothing_is_lost()
    {
        var scenario = await NodeYjs.ScenarioAsync();
        await using var bed = await NotesSetup.CreateAsync();
        var key = NotesSetup.NewKey();
        var updates = scenario.Updates.Select(u => u.Data).ToList();
        foreach (var u in updates.Take(updates.Count - 1)) await bed.NewService().AppendAsync(key, u, Guid.NewGuid(), null);

        var slow = bed.NewService();
        NotesCompaction? fast = null;
        slow.BeforeCompactionWrite = async () =>
        {
            // The other node sees one more update than the slow one read, and commits first.
            await bed.NewService().AppendAsync(key, updates[^1], Guid.NewGuid(), null);
            fast = await bed.NewService().CompactAsync(key);
        };
        var lost = await slow.CompactAsync(key);

        Assert.Equal(0, lost.Merged);
        Assert.Equal(updates.Count, fast!.Merged);
        Assert.Equal(0, await bed.StoredUpdatesAsync(key));
        await using var db = bed.NewDb();
        var doc = await db.NoteDocuments.SingleAsync(d => d.Key == key);
        Assert.Equal(1, doc.Version);
        Assert.Equal(scenario.Text, doc.Text);
    }

    [Fact]
    public async Task Open_with_a_stale_state_vector_returns_exactly_what_the_client_lacks()
    {
        var scenario = await NodeYjs.ScenarioAsync();
        await using var bed = await NotesSetup.CreateAsync();
        var key = NotesSetup.NewKey();
        var updates = scenario.Updates.Select(u => u.Data).ToList();
        // Part of the document compacted, part still in the log.
        foreach (var u in updates.Take(20)) await bed.NewService().AppendAsync(key, u, Guid.NewGuid(), null);
        await bed.NewService().CompactAsync(key);
        foreach (var u in updates.Skip(20)) await bed.NewService().AppendAsync(key, u, Guid.NewGuid(), null);

        // A client that saw only the first updates (it went offline early).
        var clientHas = updates.Take(8).ToList();
        var clientSv = await NodeYjs.StateVectorAsync(clientHas);
        var open = await bed.NewService().OpenAsync(key, clientSv);

        var applied = await NodeYjs.RunAsync(new { op = "applyDiff", updates = clientHas.Select(Convert.ToBase64String), diff = Convert.ToBase64String(open.Update) });
        Assert.Equal(scenario.Text, (string)applied["text"]!);
        Assert.Equal(0, (int)applied["structsBelowStateVector"]!); // nothing the client already had
        Assert.Equal(await NodeYjs.StateVectorAsync(updates), open.StateVector);

        // No state vector: everything.
        var full = await bed.NewService().OpenAsync(key, null);
        Assert.Equal(scenario.Text, await NodeYjs.TextAsync([full.Update]));
        Assert.True(open.Update.Length < full.Update.Length);

        // An up-to-date client gets no structs (only the delete set, which state vectors do not cover).
        var current = await bed.NewService().OpenAsync(key, open.StateVector);
        var again = await NodeYjs.RunAsync(new { op = "applyDiff", updates = updates.Select(Convert.ToBase64String), diff = Convert.ToBase64String(current.Update) });
        Assert.Equal(scenario.Text, (string)again["text"]!);
        Assert.Equal(0, (int)again["structsBelowStateVector"]!);
    }

    [Fact]
    public async Task An_unknown_document_opens_empty_and_is_not_created_by_reading()
    {
        await using var bed = await NotesSetup.CreateAsync();
        var key = NotesSetup.NewKey();
        var open = await bed.NewService().OpenAsync(key, null);
        Assert.Equal("", await NodeYjs.TextAsync([open.Update]));
        Assert.Equal([0], open.StateVector);
        Assert.Equal("", await bed.NewService().GetTextAsync(key));
        await using var db = bed.NewDb();
        Assert.False(await db.NoteDocuments.AnyAsync());
    }

    [Fact]
    public async Task Malformed_unwelcome_and_oversized_updates_are_refused_and_nothing_is_stored()
    {
        await using var bed = await NotesSetup.CreateAsync();
        var key = NotesSetup.NewKey();
        var valid = await NodeYjs.InsertAsync("Bonjour");
        var cases = new List<(string Name, byte[] Update, string Error)>
        {
            ("empty", [], "Notes.Error.Invalid"),
            ("garbage", [1, 2, 3, 200, 200], "Notes.Error.Invalid"),
            ("truncated", valid[..^3], "Notes.Error.Invalid"),
            ("other root type", await NodeYjs.HostileAsync("otherRoot"), "Notes.Error.Invalid"),
            ("embed in the text", await NodeYjs.HostileAsync("embed"), "Notes.Error.Invalid"),
            // 5000 nested arrays: recursion inside the interpreter is stopped by its limit, the process survives.
            ("deep nesting", await NodeYjs.HostileAsync("deepAny"), "Notes.Error.Invalid"),
            ("280 KB", await NodeYjs.InsertAsync("é", 140 * 1024), "Notes.Error.TooLarge"),
        };
        foreach (var (name, update, error) in cases)
        {
            var ex = await Record.ExceptionAsync(() => bed.NewService().AppendAsync(key, update, Guid.NewGuid(), null));
            Assert.True(ex is DomainException d && d.TextKey == error, $"{name}: {ex?.GetType().Name} {ex?.Message}");
        }
        await Assert.ThrowsAsync<DomainException>(() => bed.NewService().AppendAsync(key, valid, Guid.Empty, null));
        await Assert.ThrowsAsync<DomainException>(() => bed.NewService().AppendAsync("room:x notes", valid, Guid.NewGuid(), null));
        await Assert.ThrowsAsync<DomainException>(() => bed.NewService().AppendAsync(new string('k', 201), valid, Guid.NewGuid(), null));

        await using (var db = bed.NewDb())
        {
            Assert.False(await db.NoteDocuments.AnyAsync());
            Assert.False(await db.NoteUpdates.AnyAsync());
        }

        // The engine still works after the hostile ones, and a just-under-the-limit paste is accepted.
        Assert.True(await bed.NewService().AppendAsync(key, valid, Guid.NewGuid(), null));
        Assert.True(await bed.NewService().AppendAsync(key, await NodeYjs.InsertAsync("a", 200 * 1024), Guid.NewGuid(), null));
        var text = await bed.NewService().GetTextAsync(key);
        Assert.Equal("Bonjour".Length + 200 * 1024, text.Length);
        Assert.Contains("Bonjour", text);

        // A garbage state vector is refused too.
        var svError = await Assert.ThrowsAsync<DomainException>(() => bed.NewService().OpenAsync(key, [255, 255, 255]));
        Assert.Equal("Notes.Error.Invalid", svError.TextKey);
    }

    [Fact]
    public async Task After_a_restart_the_same_text_is_served()
    {
        var scenario = await NodeYjs.ScenarioAsync();
        await using var bed = await NotesSetup.CreateAsync();
        var key = NotesSetup.NewKey();
        var updates = scenario.Shuffled(11);
        foreach (var u in updates.Take(25)) await bed.NewService().AppendAsync(key, u, Guid.NewGuid(), null);
        await bed.NewService().CompactAsync(key);
        foreach (var u in updates.Skip(25)) await bed.NewService().AppendAsync(key, u, Guid.NewGuid(), null);

        bed.Restart();

        var notes = bed.NewService();
        Assert.Equal(scenario.Text, await NodeYjs.TextAsync([(await notes.OpenAsync(key, null)).Update]));
        Assert.Equal(scenario.Text, await bed.NewService().GetTextAsync(key));
    }

    [Fact]
    public async Task The_same_update_sent_twice_at_once_is_stored_once()
    {
        await using var bed = await NotesSetup.CreateAsync();
        var key = NotesSetup.NewKey();
        var update = await NodeYjs.InsertAsync("Ordre du jour");
        var other = await NodeYjs.InsertAsync("Présents");
        var id = Guid.NewGuid();
        // Also the first use of the document: two requests create it at once.
        var results = await Task.WhenAll(
            Task.Run(() => bed.NewService().AppendAsync(key, update, id, null)),
            Task.Run(() => bed.NewService().AppendAsync(key, update, id, null)),
            Task.Run(() => bed.NewService().AppendAsync(key, other, Guid.NewGuid(), null)));

        Assert.Equal(1, results.Take(2).Count(r => r));
        Assert.True(results[2]);
        Assert.Equal(2, await bed.StoredUpdatesAsync(key));
        await using var db = bed.NewDb();
        Assert.Equal(1, await db.NoteDocuments.CountAsync(d => d.Key == key));
    }

    [Fact]
    public async Task Html_comes_from_the_server_side_markdown_renderer_with_raw_html_disabled()
    {
        await using var bed = await NotesSetup.CreateAsync();
        var key = NotesSetup.NewKey();
        await bed.NewService().AppendAsync(key, await NodeYjs.InsertAsync("# Décisions\n\n<script>alert(1)</script>\n\n- **Octroi**\n"), Guid.NewGuid(), null);

        var html = await bed.NewService().GetHtmlAsync(key);

        Assert.Contains("<h1", html);
        Assert.Contains("<strong>Octroi</strong>", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task The_background_compactor_compacts_documents_whose_log_is_long()
    {
        var scenario = await NodeYjs.ScenarioAsync();
        await using var bed = await NotesSetup.CreateAsync(new Dictionary<string, string?> { ["Notes:CompactAfterUpdates"] = "10" });
        var busy = NotesSetup.NewKey();
        var quiet = NotesSetup.NewKey();
        foreach (var u in scenario.Updates) await bed.NewService().AppendAsync(busy, u.Data, Guid.NewGuid(), null);
        foreach (var u in scenario.Updates.Take(5)) await bed.NewService().AppendAsync(quiet, u.Data, Guid.NewGuid(), null);

        var compacted = await bed.Services.GetRequiredService<NotesCompactor>().CompactDueAsync(CancellationToken.None);
        Assert.Equal(1, compacted);

        Assert.Equal(0, await bed.StoredUpdatesAsync(busy));
        Assert.Equal(5, await bed.StoredUpdatesAsync(quiet));
        await using var db = bed.NewDb();
        Assert.Equal(scenario.Text, (await db.NoteDocuments.SingleAsync(d => d.Key == busy)).Text);
    }

    [Fact]
    public async Task Rooms_read_their_notes_through_the_registered_notes_service()
    {
        await using var bed = await NotesSetup.CreateAsync();
        var roomId = Guid.NewGuid();
        await bed.NewService().AppendAsync(Room.NotesKeyFor(roomId), await NodeYjs.InsertAsync("Décision : octroi du RIS"), Guid.NewGuid(), null);
        var notes = bed.New<IRoomNotes>();

        Assert.IsType<NotesService>(notes);
        Assert.Equal("Décision : octroi du RIS", await notes.GetTextAsync(Room.NotesKeyFor(roomId)));
    }
}
