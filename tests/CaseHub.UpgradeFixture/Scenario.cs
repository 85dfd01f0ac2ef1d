using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseHub.Core.Audit;
using CaseHub.Core.Calendar;
using CaseHub.Core.Conferences;
using CaseHub.Core.Demo;
using CaseHub.Core.Immersion;
using CaseHub.Core.Mail;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.UpgradeFixture;

/// <summary>
/// What the fixture's users do, in order, through the pages (forms posted like a browser, with their antiforgery
/// tokens), the room hub (the real SignalR client) and the notes provider (the browser's own, in node). Ids are looked up
/// in the database only where a person would read them off the screen. Each step also writes down what the upgrade
/// test must find: records, pages per user (shown / hidden / not found), hub replies, notes, feeds.
/// All people, organisations and texts are synthetic.
/// </summary>
internal sealed partial class Scenario(SmtpSink smtp, string dataDir, UpgradeManifest m, Action<string> log) : IAsyncDisposable
{
    private const string Pw = DemoData.Password;
    private const string Admin = "admin@demo.casehub.test";
    private const string Facilitator = "facilitator@demo.casehub.test";
    private const string As = "as@demo.casehub.test";
    private const string Ai = "ai@demo.casehub.test";
    private const string Councillor = "conseiller@demo.casehub.test";
    private const string Coordination = "coordination@demo.casehub.test";
    private const string Partner = "partner@demo.casehub.test";
    private const string Partner2 = "partner2@demo.casehub.test";
    private const string Lead = ImmersionDemo.LeadEmail;
    private static readonly string Jeunes1 = ImmersionDemo.Workers[0].Email;
    private static readonly string Jeunes2 = ImmersionDemo.Workers[1].Email;

    // Distinctive texts: each appears once, so finding it after the upgrade means that record survived.
    private const string CaseCode = "UPG-2026-001";
    private const string CaseSummary = "Personne seule, désaccord sur la disposition au travail (UPG-RESUME-4410).";
    private const string CpasSecret = "Suivi psychiatrique en cours, à ne pas partager hors CPAS (UPG-CPAS-7731).";
    private const string AiText = "Prête pour une formation courte en logistique (UPG-TOUS-2208).";
    private const string PartnerPrivate = "Place libre en mai dans notre atelier (UPG-PRIVE-5106).";
    private const string ConfDecision = "Orientation vers une formation courte, suivi santé maintenu (UPG-DECISION-3390).";
    private const string ConfAction = "Inscrire à la formation courte en logistique (UPG-ACTION-8817).";
    private const string MeetingTitle = "Réunion de réseau UPG — jeunes et logement";
    private const string NotesSentence = "Le réseau s'engage à répondre à chaque demande de logement en moins de dix jours (UPG-NOTES-6142).";
    private const string NotesSentence2 = "Prochaine rencontre à la maison de quartier (UPG-NOTES-6143).";
    private const string CommitteeTitle = "Comité à blanc UPG — harmonisation des RIS";
    private const string BallotCouncillor = "Octroi justifié par la situation du ménage (UPG-VOTE-CONS-1201).";
    private const string BallotAs = "Refus : ressources suffisantes (UPG-VOTE-AS-1202).";
    private const string BallotAi = "Suspens en attendant le bail (UPG-VOTE-AI-1203).";
    private const string ReferenceRationale = "Octroi de référence : ressources sous le seuil, PIIS signé (UPG-JURISPRUDENCE-4477).";
    private const string TeamName = "Intervision UPG — ISP et service social";
    private const string SeriesTitle = "Consultation entre pairs UPG";
    private const string IvTheme = "Un désaccord sur une orientation vers l'ISP (UPG-THEME-9001)";
    private const string IvCard = "Le cadre légal pèse sur la décision (UPG-CARTE-9002)";
    private const string IvLearnings = "Nommer tôt le désaccord entre AS et AI (UPG-ENSEIGNEMENT-9003)";
    private const string IvProposals = "Une concertation AS-AI avant toute orientation (UPG-PROPOSITION-9004)";
    private const string IvQuestions = "Qui tranche un désaccord persistant ? (UPG-QUESTION-9005)";
    private const string CampaignName = "Immersions UPG — printemps";
    private const string PartnerOrg = "Maison des Médiations UPG";
    private const string PartnerContact = "accueil@mediations-upg.test";
    private const string OfferTitle = "Une journée en médiation scolaire (UPG-OFFRE-7001)";
    private const string OfferWhat = "L'accueil des familles, une médiation école-famille fictive, la réunion d'équipe.";
    private const string DebriefShared = "Accueil chaleureux, contact direct avec la médiatrice (UPG-DEBRIEF-PARTAGE-7002).";
    private const string DebriefPrivate = "Penser à rappeler la médiatrice lundi (UPG-DEBRIEF-PRIVE-7003).";
    private const string DebriefShared2 = "Un bon outil : la carte des acteurs du quartier (UPG-DEBRIEF-PARTAGE-7004).";
    private const string DayTitle = "Journée découverte UPG — service d'insertion";
    private const string DayDescription = "Découvrir le service d'insertion socioprofessionnelle (UPG-JOURNEE-5301).";

    private static readonly (string Email, string Name, string Language)[] Bookers =
    [
        ("ines.upg@partenaire-upg.test", "Inès Réservation", "fr"),
        ("jan.upg@partenaire-upg.test", "Jan Boeking", "nl"),
        ("lea.upg@partenaire-upg.test", "Léa Attente", "fr"),
        ("tom.upg@partenaire-upg.test", "Tom Wachtlijst", "nl"),
    ];

    private readonly Dictionary<string, FormClient> _web = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _manageLinks = [];
    private string? _partnerLink;

    public CaseHubFactory App { get; private set; } = null!;

    private static DateOnly Today => CalendarTime.LocalDate(DateTimeOffset.UtcNow);
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task RunAsync()
    {
        Start();
        log($"CaseHub {m.AppVersion} up on {App.BaseAddress} with demo data");
        await ConferenceAsync();
        await NetworkMeetingNotesAsync();
        await CommitteeAsync();
        await IntervisionAsync();
        await ImmersionAsync();
        await DiscoveryDayAsync();
        await FeedsAsync();
        await FixtureProgram.WaitUntilAsync(async () => await FixtureProgram.PendingMailsAsync(App) == 0, "the outbox to send every mail", 120);
        log($"Every mail so far delivered ({smtp.Messages().Count} at the SMTP server)");

        // The SMTP server becomes unreachable (a port nobody listens on; retries spaced out): what happens now stays queued.
        await RestartAsync(new Dictionary<string, string?>
        {
            ["Mail:Smtp:Port"] = NodeProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Mail:RetryBaseSeconds"] = "2",
        });
        log("Restarted with the SMTP server unreachable");
        await LastActionsWithSmtpDownAsync();
        await RecordUsersAsync();
    }

    private void Start(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        App = new CaseHubFactory(smtp, dataDirectory: dataDir, demo: true, settings: all);
        _ = App.BaseAddress;
    }

    private async Task RestartAsync(IDictionary<string, string?> settings)
    {
        foreach (var c in _web.Values) c.Dispose();
        _web.Clear();
        await App.DisposeAsync();
        Start(settings);
    }

    public async Task StopAsync()
    {
        foreach (var c in _web.Values) c.Dispose();
        _web.Clear();
        await App.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _web.Values) c.Dispose();
        _web.Clear();
        if (App is not null) await App.DisposeAsync();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private async Task<FormClient> Web(string email)
    {
        if (_web.TryGetValue(email, out var c)) return c;
        c = App.NewClient();
        await c.SignInAsync(email, Pw);
        return _web[email] = c;
    }

    private Task<Guid> UserIdAsync(string email) => App.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private static async Task<string> PageAsync(FormClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode}");
        return UpgradeChecker.Text(body);
    }

    /// <summary>The redirect target of a successful form post; otherwise the errors the page shows.</summary>
    private static async Task<string> RedirectOf(HttpResponseMessage response, string what)
    {
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther)
                return response.Headers.Location!.OriginalString;
            var html = await response.Content.ReadAsStringAsync();
            var doc = BrowserForm.Parse(html);
            var errors = string.Join(" | ", doc.QuerySelectorAll(".field-error, .alert.error, .errors li, .validation-summary-errors li")
                .Select(e => e.TextContent.Trim()).Where(t => t.Length > 0));
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {errors}");
        }
    }

    private static Guid LastGuid(string url) => Guid.Parse(GuidRegex().Matches(url)[^1].Value);

    private void Page(string? who, string url, int status = 200, string[]? contains = null, string[]? notContains = null, string? location = null, string? why = null)
        => m.Pages.Add(new PageCheck(who, url, status, contains?.ToList(), notContains?.ToList(), location, why));

    private void NotFound(string who, string why, params string[] urls)
    {
        foreach (var url in urls) Page(who, url, 404, why: why);
    }

    private void Record(string kind, Guid id, string title, Dictionary<string, string> ids, Dictionary<string, string> texts, string[] visibleTo, string[] hiddenFrom)
        => m.Records.Add(new ManifestRecord(kind, id.ToString(), title, ids, texts, visibleTo.ToList(), hiddenFrom.ToList()));

    private async Task<RoomClient> JoinAsync(string email, Guid roomId)
    {
        var client = await RoomClient.ConnectAsync(App.BaseAddress, email, Pw);
        await client.JoinAsync(roomId);
        return client;
    }

    private static async Task GoAsync(RoomClient chair, Guid roomId, int from, int to)
    {
        if (!await chair.Connection.InvokeAsync<bool>("GoToPhase", roomId, from, to)) throw new InvalidOperationException($"GoToPhase {from}->{to} changed nothing");
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidRegex();

    // ---- 1. a case conference: sealed positions with their visibility, the room through its phases, minutes -------

    private async Task ConferenceAsync()
    {
        var fac = await Web(Facilitator);
        var caseId = LastGuid(await RedirectOf(await fac.SubmitAsync("/conferences/cases/new", ("Code", CaseCode), ("Service", "Service social général"),
            ("Summary", CaseSummary), ("Themes", "Health"), ("Themes", "Employment")), "new case"));
        var casePage = $"/conferences/cases/{caseId}";
        foreach (var (email, party) in new[] { (As, "SocialWorker"), (Ai, "InsertionAgent"), (Partner, "Partner") })
            await RedirectOf(await fac.SubmitToAsync(casePage, casePage + "?handler=AddMember", ("UserId", (await UserIdAsync(email)).ToString()), ("Party", party)), "add member " + email);

        var fields = new List<KeyValuePair<string, string>>
        {
            new("Date", D(Today.AddDays(2))), new("StartTime", "10:00"), new("EndTime", "11:30"), new("Location", "CPAS, salle 2"),
            new("Agenda", "Positions, carte des ressources, orientation"),
        };
        foreach (var email in new[] { As, Ai, Partner }) fields.Add(new("Participants", (await UserIdAsync(email)).ToString()));
        var conferenceId = LastGuid(await RedirectOf(await fac.SubmitAsync($"{casePage}/prepare", fields), "prepare conference"));
        var roomId = await App.WithDbAsync(db => db.Conferences.Where(c => c.Id == conferenceId).Select(c => c.RoomId).SingleAsync());
        await smtp.WaitForAsync(mail => mail.To == Ai && mail.Subject.Contains(CaseCode));

        foreach (var (email, text, visibility) in new[] { (As, CpasSecret, Visibility.CpasOnly), (Ai, AiText, Visibility.AllParticipants), (Partner, PartnerPrivate, Visibility.AuthorAndFacilitator) })
        {
            var web = await Web(email);
            await RedirectOf(await web.SubmitToAsync($"/conferences/{conferenceId}", $"/conferences/{conferenceId}?handler=Position",
                ("Mine.Situation", text), ("Mine.ProposedOrientation", "Formation courte"), ("Mine.Visibility", visibility.ToString()), ("Mine.PersonVoice", "false")), "position of " + email);
        }

        await using (var chair = await JoinAsync(Facilitator, roomId))
        await using (var asClient = await JoinAsync(As, roomId))
        await using (var aiClient = await JoinAsync(Ai, roomId))
        await using (var partnerClient = await JoinAsync(Partner, roomId))
        {
            Assert(await chair.Connection.InvokeAsync<bool>("Start", roomId), "conference start");
            Assert(await chair.Connection.InvokeAsync<bool>("OpenPositions", roomId), "open positions");
            var phases = (await chair.StateAsync(roomId)).GetProperty("phases").GetArrayLength();
            await chair.Connection.InvokeAsync<bool>("AddPoint", roomId, Guid.NewGuid(), "Disagreement", "Disposition au travail", "AS : pas encore ; AI : oui");
            for (var i = 0; i + 1 < phases; i++) await GoAsync(chair, roomId, i, i + 1);
            await chair.Connection.InvokeAsync<bool>("AddDecision", roomId, Guid.NewGuid(), ConfDecision);
            await chair.Connection.InvokeAsync<bool>("AddAction", roomId, Guid.NewGuid(), ConfAction, await UserIdAsync(Ai), D(Today.AddDays(14)));
            await chair.Connection.InvokeAsync<bool>("RecordOutcome", roomId, new { orientationKey = "training", noAgreement = false, reviewDate = D(Today.AddMonths(3)) });
            Assert(await chair.Connection.InvokeAsync<bool>("Close", roomId), "conference close");
            if (partnerClient.Received.Any(r => r.Json.Contains("UPG-CPAS-7731"))) throw new InvalidOperationException("the partner's connection received CPAS-only content");
        }
        // Minutes by mail: the partner's copy without the CPAS-only position, the social worker's with it.
        await smtp.WaitForAsync(mail => mail.To == Partner && mail.Subject.Contains(CaseCode) && mail.Text.Contains("UPG-TOUS-2208"));
        await smtp.WaitForAsync(mail => mail.To == As && mail.Subject.Contains(CaseCode) && mail.Text.Contains("UPG-CPAS-7731"));
        if (smtp.Messages().Any(mail => mail.To == Partner && mail.Text.Contains("UPG-CPAS-7731"))) throw new InvalidOperationException("CPAS-only text mailed to the partner");
        // Reading and exporting (both audited).
        await PageAsync(await Web(As), casePage);
        await PageAsync(await Web(Ai), $"/conferences/{conferenceId}/minutes?download=true");
        log($"Conference {CaseCode}: positions, room closed, minutes mailed");

        Record("conference", conferenceId, CaseCode, new() { ["case"] = caseId.ToString(), ["room"] = roomId.ToString() },
            new()
            {
                ["summary"] = CaseSummary, ["cpasOnlyPosition"] = CpasSecret, ["sharedPosition"] = AiText, ["partnerPrivatePosition"] = PartnerPrivate,
                ["decision"] = ConfDecision, ["action"] = ConfAction, ["orientation"] = "training"
            },
            [Facilitator, As, Ai, Partner], [Councillor, Coordination]);
        foreach (var who in new[] { Facilitator, As, Ai, Partner }) Page(who, casePage, contains: [CaseCode]);
        Page(As, casePage, contains: [CpasSecret, ConfAction], why: "a CPAS worker on the case reads the CPAS-only position");
        Page(Partner, casePage, contains: [ConfAction, AiText], notContains: [CpasSecret], why: "the partner never reads the CPAS-only position");
        Page(Partner, $"/conferences/{conferenceId}/minutes", contains: [AiText, ConfDecision], notContains: [CpasSecret]);
        Page(Ai, $"/conferences/{conferenceId}/minutes?download=true", contains: [CpasSecret, ConfDecision], notContains: [PartnerPrivate]);
        Page(Facilitator, $"/conferences/{conferenceId}", contains: [CpasSecret, PartnerPrivate]);
        NotFound(Councillor, "not on the case", casePage, $"/conferences/{conferenceId}", $"/conferences/{conferenceId}/live", $"/conferences/{conferenceId}/minutes");
        NotFound(Coordination, "not on the case", casePage);
        m.Hub.Add(new HubCheck(Ai, "ConferenceState", roomId.ToString(), false, [CpasSecret, AiText], [PartnerPrivate]));
        m.Hub.Add(new HubCheck(Partner, "ConferenceState", roomId.ToString(), false, [AiText, PartnerPrivate], [CpasSecret], "the partner never gets the CPAS-only position"));
        m.Hub.Add(new HubCheck(Councillor, "ConferenceState", roomId.ToString(), true, Why: "not on the case"));
    }

    // ---- 2. a network meeting left open, with live notes typed by two people -----------------------------------

    private async Task NetworkMeetingNotesAsync()
    {
        var fac = await Web(Facilitator);
        var form = await BrowserForm.OpenAsync(fac, "/meetings/new");
        form.Set("Title", MeetingTitle).Set("Date", D(Today.AddDays(3))).Set("StartTime", "14:00").Set("EndTime", "16:00").Set("Location", "Maison de quartier");
        foreach (var email in new[] { As, Ai, Partner }) form.Set($"Invite[{await UserIdAsync(email)}]", "Participant");
        var roomId = LastGuid(await RedirectOf(await form.PostAsync(fac), "new meeting"));
        var key = Room.NotesKeyFor(roomId);
        await NotesClient.RunAsync(App.BaseAddress, Facilitator, key, [new { op = "insert", text = "## Engagements\n" + NotesSentence + "\n" }, new { op = "flush" }]);
        await NotesClient.RunAsync(App.BaseAddress, As, key, [new { op = "waitFor", contains = "UPG-NOTES-6142" }, new { op = "insert", text = NotesSentence2 + "\n" }, new { op = "flush" }]);
        log("Network meeting with live notes");

        Record("meeting", roomId, MeetingTitle, new() { ["room"] = roomId.ToString(), ["notes"] = key },
            new() { ["notes"] = NotesSentence, ["notes2"] = NotesSentence2 }, [Facilitator, As, Ai, Partner], [Councillor]);
        Page(Partner, $"/meetings/{roomId}", contains: [MeetingTitle]);
        NotFound(Councillor, "not invited", $"/meetings/{roomId}", $"/meetings/{roomId}/room");
        foreach (var who in new[] { Facilitator, Partner }) m.Notes.Add(new NotesCheck(who, key, false, [NotesSentence, NotesSentence2]));
        m.Notes.Add(new NotesCheck(Councillor, key, true, Why: "not invited"));
        m.Hub.Add(new HubCheck(As, "GetState", roomId.ToString(), false, [MeetingTitle]));
    }

    // ---- 3. a comité à blanc: secret ballots, revealed, a reference decision in the case law --------------------

    private async Task CommitteeAsync()
    {
        var fac = await Web(Facilitator);
        var form = await BrowserForm.OpenAsync(fac, "/committees/new");
        var first = form.Page.QuerySelectorAll("input[data-case-code]").OrderBy(i => i.GetAttribute("data-case-code"), StringComparer.Ordinal).First();
        var caseCode = first.GetAttribute("data-case-code")!;
        form.Set(first.GetAttribute("name")!, "1").Set("Title", CommitteeTitle).Set("Location", "Salle du conseil")
            .Set("Members", form.CheckboxValue("Members", "data-email", Councillor), form.CheckboxValue("Members", "data-email", As), form.CheckboxValue("Members", "data-email", Ai));
        var sessionId = LastGuid(await RedirectOf(await form.PostAsync(fac), "new committee session"));
        var url = $"/committees/{sessionId}";
        var roomId = await App.WithDbAsync(db => db.CommitteeSessions.Where(s => s.Id == sessionId).Select(s => s.RoomId).SingleAsync());

        await RedirectOf(await fac.SubmitToAsync(url, url + "?handler=start"), "committee start");
        await using (var chair = await JoinAsync(Facilitator, roomId))
        await using (var councillor = await JoinAsync(Councillor, roomId))
        await using (var ai = await JoinAsync(Ai, roomId))
        {
            await RedirectOf(await fac.SubmitToAsync(url, url + "?handler=next&from=0"), "open the vote");
            var sc = await App.WithDbAsync(db => db.CommitteeSessionCases.AsNoTracking().SingleAsync(c => c.SessionId == sessionId && c.Order == 0));
            var voteId = sc.VoteId!.Value;
            // Ballots through the session page's form, as the browser sends them (0.1.0 also had a hub method for it).
            await RedirectOf(await (await Web(Councillor)).SubmitToAsync(url, url + $"?handler=ballot&caseId={sc.Id}",
                ("Ballot.Decision", "Grant"), ("Ballot.Motivation", BallotCouncillor), ("Ballot.Amount", "650"), ("Ballot.Months", "3"),
                ("Ballot.Conditions", "PIIS")), "councillor's ballot");
            await RedirectOf(await (await Web(Ai)).SubmitToAsync(url, url + $"?handler=ballot&caseId={sc.Id}",
                ("Ballot.Decision", "Defer"), ("Ballot.Motivation", BallotAi), ("Ballot.Amount", ""), ("Ballot.Conditions", "bail signé")), "AI's ballot");
            var asWeb = await Web(As);
            await RedirectOf(await asWeb.SubmitToAsync(url, url + $"?handler=ballot&caseId={sc.Id}",
                ("Ballot.Decision", "Refuse"), ("Ballot.Motivation", BallotAs), ("Ballot.Amount", "")), "ballot through the page");
            var revealed = await App.WithDbAsync(db => db.Votes.AnyAsync(v => v.Id == voteId && v.Status == VoteStatus.Revealed));
            if (!revealed) await RedirectOf(await fac.SubmitToAsync(url, url + $"?handler=reveal&caseId={sc.Id}"), "reveal");
            await RedirectOf(await fac.SubmitToAsync(url, url + "?handler=next&from=1"), "to discussion");
            await RedirectOf(await fac.SubmitToAsync(url, url + "?handler=next&from=2"), "to reference");
            await RedirectOf(await fac.SubmitToAsync(url, url + $"?handler=reference&caseId={sc.Id}", ("Reference.Decision", "Grant"), ("Reference.Amount", "650"),
                ("Reference.Months", "3"), ("Reference.Conditions", "PIIS"), ("Reference.Rationale", ReferenceRationale)), "reference decision");
            await RedirectOf(await fac.SubmitToAsync(url, url + "?handler=close"), "committee close");
        }
        await smtp.WaitForAsync(mail => mail.To == Councillor && mail.Text.Contains("UPG-JURISPRUDENCE-4477"));
        log($"Comité à blanc on {caseCode}: three secret ballots revealed, reference decision, minutes mailed");

        Record("committee", sessionId, CommitteeTitle, new() { ["room"] = roomId.ToString(), ["case"] = caseCode },
            new() { ["ballotCouncillor"] = BallotCouncillor, ["ballotAs"] = BallotAs, ["ballotAi"] = BallotAi, ["reference"] = ReferenceRationale },
            [Facilitator, Councillor, As, Ai], [Coordination, Partner]);
        Page(Councillor, url, contains: [caseCode, ReferenceRationale], why: "the closed session's summary: the reference decision");
        m.Hub.Add(new HubCheck(Ai, "GetState", roomId.ToString(), false, [BallotCouncillor, BallotAs, BallotAi], Why: "the revealed ballots"));
        m.Hub.Add(new HubCheck(Coordination, "GetState", roomId.ToString(), true, Why: "not a member"));
        NotFound(Coordination, "not a member", url);
        Page(As, "/committees/case-law?q=UPG-JURISPRUDENCE-4477", contains: [ReferenceRationale, caseCode], why: "the reference decision is in the case law");
        Page(Facilitator, "/committees/case-law", contains: [ReferenceRationale]);
        Page(Partner, "/committees/case-law", 302, location: "/account/denied", why: "partners have no access to the case law");
        Page(Councillor, $"/meetings/{roomId}/minutes", contains: [ReferenceRationale]);
    }

    // ---- 4. an intervision session: acknowledgements, anonymous cards, the rapporteur's summary, minutes ----------

    private async Task IntervisionAsync()
    {
        var fac = await Web(Facilitator);
        var teamUrl = await RedirectOf(await fac.SubmitAsync("/intervision", ("Name", TeamName), ("Members", (await UserIdAsync(As)).ToString()),
            ("Members", (await UserIdAsync(Ai)).ToString()), ("Members", (await UserIdAsync(Coordination)).ToString())), "new intervision team");
        var teamId = LastGuid(teamUrl);
        await RedirectOf(await fac.SubmitToAsync(teamUrl, teamUrl + "?handler=series", ("Title", SeriesTitle), ("Method", Core.Intervision.IntervisionProtocols.PeerConsultation),
            ("Animateur", (await UserIdAsync(Facilitator)).ToString()), ("Date", D(Today.AddDays(1))), ("StartTime", "09:30"), ("Duration", "60"),
            ("Repeat", "once"), ("Count", "1"), ("Location", "Salle 2")), "intervision series");
        var session = await App.WithDbAsync(db => db.IntervisionSessions.AsNoTracking().SingleAsync(s => s.TeamId == teamId));
        var url = $"/intervision/sessions/{session.Id}";
        var members = new[] { Facilitator, As, Ai, Coordination };
        var byId = new Dictionary<Guid, string>();
        foreach (var email in members) byId[await UserIdAsync(email)] = email;
        var narrator = byId[session.NarratorId];
        var rapporteur = byId[session.RapporteurId];
        foreach (var email in members)
            await RedirectOf(await (await Web(email)).SubmitToAsync(url, url + "?handler=acknowledge", ("Accept", "true")), "confidentiality of " + email);
        await RedirectOf(await (await Web(narrator)).SubmitToAsync(url, url + "?handler=theme", ("Theme", IvTheme)), "theme");

        var roomId = session.RoomId;
        var clients = new Dictionary<string, RoomClient>();
        try
        {
            foreach (var email in members) clients[email] = await JoinAsync(email, roomId);
            var chair = clients[Facilitator];
            Assert(await chair.Connection.InvokeAsync<bool>("Start", roomId), "intervision start");
            await GoAsync(chair, roomId, 0, 1);
            await GoAsync(chair, roomId, 1, 2);
            var writers = members.Where(e => e != Facilitator && e != narrator).ToList();
            await clients[writers[0]].Connection.InvokeAsync<JsonElement>("IntervisionWriteCard", roomId, Guid.NewGuid(), IvCard, true);
            await clients[writers[1]].Connection.InvokeAsync<JsonElement>("IntervisionWriteCard", roomId, Guid.NewGuid(), "Chacun protège son secret professionnel (UPG-CARTE-9006)", true);
            Assert(await chair.Connection.InvokeAsync<bool>("IntervisionReveal", roomId, 2), "reveal cards");
            await GoAsync(chair, roomId, 2, 3);
            await GoAsync(chair, roomId, 3, 4);
            Assert(await clients[rapporteur].Connection.InvokeAsync<bool>("IntervisionSaveSummary", roomId, IvLearnings, IvProposals, IvQuestions, true), "summary");
            await GoAsync(chair, roomId, 4, 5);
            Assert(await chair.Connection.InvokeAsync<bool>("Close", roomId), "intervision close");
        }
        finally
        {
            foreach (var c in clients.Values) await c.DisposeAsync();
        }
        await smtp.WaitForAsync(mail => mail.To == As && mail.Text.Contains("UPG-PROPOSITION-9004"));
        log("Intervision session: cards revealed, rapporteur's summary, minutes mailed");

        Record("intervision", session.Id, SeriesTitle, new() { ["team"] = teamId.ToString(), ["room"] = roomId.ToString() },
            new() { ["theme"] = IvTheme, ["learnings"] = IvLearnings, ["proposals"] = IvProposals, ["questions"] = IvQuestions, ["card"] = IvCard },
            members, [Councillor, Partner]);
        Page(As, $"/meetings/{roomId}/minutes", contains: [IvLearnings, IvProposals, IvQuestions], notContains: [IvCard], why: "the summary is the minutes; cards never are");
        Page(Ai, teamUrl, contains: [TeamName]);
        NotFound(Councillor, "not in the team", url, teamUrl, $"/meetings/{roomId}/minutes");
    }

    // ---- 5. an immersion campaign: a partner's offer by magic link, choices, matching published, debriefs -------

    private async Task ImmersionAsync()
    {
        var coord = await Web(Coordination);
        var create = await BrowserForm.OpenAsync(coord, "/immersion", "#campaign-form");
        var campaignUrl = await RedirectOf(await create.Set("Form.Name", CampaignName).PostAsync(coord), "new campaign");
        var campaignId = LastGuid(campaignUrl);
        campaignUrl = $"/immersion/{campaignId}";
        var invite = await BrowserForm.OpenAsync(coord, campaignUrl, "#invite-partner");
        invite.Set("Partner.Organisation", PartnerOrg).Set("Partner.ContactName", "Déborah Accueil").Set("Partner.ContactEmail", PartnerContact);
        await RedirectOf(await invite.PostAsync(coord), "invite partner");

        var mail = (await smtp.WaitForAsync(PartnerContact)).Single();
        _partnerLink = MailLinks.Find(mail, "/immersion/partner/");
        using (var partnerWeb = FormClient.For(App.BaseAddress))
        {
            var offer = await BrowserForm.OpenAsync(partnerWeb, _partnerLink, "#offer-form");
            var start = DateOnly.Parse(offer.Page.QuerySelector("#date-0")!.GetAttribute("min")!, CultureInfo.InvariantCulture);
            offer.Set("Form.Title", OfferTitle).Set("Form.Domain", offer.Options("Form.Domain")[0].Value).Set("Form.WhatYouWillSee", OfferWhat)
                .Set("Form.PublicServed", "Élèves du secondaire et leurs familles").Set("Form.Address", "Rue de la Médiation 8, 1030 Schaerbeek")
                .Set("Form.Dates[0].Date", D(start.AddDays(1))).Set("Form.Dates[0].Capacity", "1")
                .Set("Form.Dates[1].Date", D(start.AddDays(2))).Set("Form.Dates[1].Capacity", "1")
                .Set("Form.ContactName", "Déborah Accueil").Set("Form.ContactEmail", PartnerContact).Set("Form.DirectoryConsent", "true");
            await RedirectOf(await offer.PostAsync(partnerWeb), "partner offer");
        }

        var add = await BrowserForm.OpenAsync(coord, campaignUrl, "#add-participants");
        add.Set("UserIds", add.CheckboxValue("UserIds", "data-email", Jeunes1), add.CheckboxValue("UserIds", "data-email", Jeunes2));
        await RedirectOf(await add.PostAsync(coord), "add participants");
        foreach (var worker in new[] { Jeunes1, Jeunes2 })
        {
            var web = await Web(worker);
            var prefs = await BrowserForm.OpenAsync(web, $"/immersion/{campaignId}/choose", "#preferences-form");
            var options = prefs.Options("Ranking[0]");
            prefs.Set("Ranking[0]", options[0].Value).Set("Ranking[1]", options[1].Value);
            await RedirectOf(await prefs.PostAsync(web), "preferences of " + worker);
        }
        var matchingUrl = $"/immersion/{campaignId}/matching";
        await RedirectOf(await (await BrowserForm.OpenAsync(coord, matchingUrl, "#run-form")).PostAsync(coord), "run matching");
        await RedirectOf(await (await BrowserForm.OpenAsync(coord, matchingUrl, "#publish-form")).PostAsync(coord), "publish matching");
        foreach (var worker in new[] { Jeunes1, Jeunes2 })
            await smtp.WaitForAsync(x => x.To == worker && x.Message.BodyParts.Any(p => p.ContentType.MimeType == "text/calendar"));

        var placements = new Dictionary<string, Guid>();
        foreach (var worker in new[] { Jeunes1, Jeunes2 })
        {
            var choose = await PageAsync(await Web(worker), $"/immersion/{campaignId}/choose");
            placements[worker] = Guid.Parse(Regex.Match(choose, "/immersion/debrief/([0-9a-f-]{36})").Groups[1].Value);
        }
        var p1 = placements[Jeunes1];
        await NotesClient.RunAsync(App.BaseAddress, Jeunes1, ImmersionLinks.DebriefNotesKey(p1), [new { op = "insert", text = "## Ce que j'ai vu\n" + DebriefShared + "\n" }, new { op = "flush" }]);
        await NotesClient.RunAsync(App.BaseAddress, Jeunes1, ImmersionLinks.PrivateNotesKey(p1), [new { op = "insert", text = DebriefPrivate + "\n" }, new { op = "flush" }]);
        await NotesClient.RunAsync(App.BaseAddress, Jeunes2, ImmersionLinks.DebriefNotesKey(placements[Jeunes2]), [new { op = "insert", text = DebriefShared2 + "\n" }, new { op = "flush" }]);
        log("Immersion campaign: offer, choices, matching published, debriefs");

        Record("immersion", campaignId, CampaignName, new() { ["placementJeunes1"] = p1.ToString(), ["placementJeunes2"] = placements[Jeunes2].ToString(), ["partnerLink"] = _partnerLink },
            new() { ["offer"] = OfferTitle, ["partner"] = PartnerOrg, ["debriefShared"] = DebriefShared, ["debriefPrivate"] = DebriefPrivate, ["debriefShared2"] = DebriefShared2 },
            [Coordination, Jeunes1, Jeunes2, Lead], [As, Ai]);
        Page(Jeunes1, $"/immersion/{campaignId}/choose", contains: [OfferTitle, "id=\"my-place\""]);
        Page(Coordination, matchingUrl, contains: [OfferTitle, ImmersionDemo.Workers[0].Name, ImmersionDemo.Workers[1].Name]);
        Page(Coordination, campaignUrl, contains: [CampaignName, PartnerOrg]);
        Page(null, _partnerLink, contains: [PartnerOrg, OfferTitle], why: "the partner's personal link still works");
        Page(Jeunes1, $"/immersion/debrief/{p1}");
        Page(Lead, $"/immersion/debrief/{p1}", why: "the team lead reads the shared debrief");
        NotFound(Ai, "not in the campaign", $"/immersion/debrief/{p1}", campaignUrl, $"/immersion/{campaignId}/choose");
        m.Notes.Add(new NotesCheck(Jeunes1, ImmersionLinks.DebriefNotesKey(p1), false, [DebriefShared]));
        m.Notes.Add(new NotesCheck(Lead, ImmersionLinks.DebriefNotesKey(p1), false, [DebriefShared], "the lead reads the shared debrief"));
        m.Notes.Add(new NotesCheck(Jeunes1, ImmersionLinks.PrivateNotesKey(p1), false, [DebriefPrivate]));
        m.Notes.Add(new NotesCheck(Lead, ImmersionLinks.PrivateNotesKey(p1), true, Why: "private notes are the visitor's alone"));
        m.Notes.Add(new NotesCheck(Coordination, ImmersionLinks.PrivateNotesKey(p1), true, Why: "private notes are the visitor's alone"));
        m.Notes.Add(new NotesCheck(Ai, ImmersionLinks.DebriefNotesKey(p1), true, Why: "not in the campaign"));
    }

    // ---- 6. a discovery day: four public bookings for two seats (two on the waiting list) ------------------------

    private async Task DiscoveryDayAsync()
    {
        var coord = await Web(Coordination);
        var form = await BrowserForm.OpenAsync(coord, "/organise/discovery-days/edit", "#day-form");
        form.Set("Form.Title", DayTitle).Set("Form.Description", DayDescription).Set("Form.ServicesVisited", "Accueil, ISP, atelier CV")
            .Set("Form.Place", "CPAS, salle du conseil").Set("Form.Capacity", "2").Set("Form.WaitlistMode", "Immediate")
            .Set("Form.Programme", "09:00 Accueil\n10:00 Visite\n14:00 Échanges");
        var dayId = LastGuid(await RedirectOf(await form.PostAsync(coord), "new discovery day"));
        string[] expected = ["confirmed", "confirmed", "waitlisted", "waitlisted"];
        for (var i = 0; i < Bookers.Length; i++)
        {
            using var visitor = App.NewClient(Bookers[i].Language);
            var booking = await BookingForm.OpenAsync(visitor, dayId);
            using var response = await booking.PostAsync(visitor, dayId, Bookers[i].Email, Bookers[i].Name, language: Bookers[i].Language);
            var outcome = BookingForm.Outcome(await BookingForm.ReadHtmlAsync(response));
            if (outcome != expected[i]) throw new InvalidOperationException($"booking {i}: {outcome}, expected {expected[i]}");
            var mail = (await smtp.WaitForAsync(Bookers[i].Email))[0];
            _manageLinks.Add(MailLinks.Find(mail, "/discovery-days/manage/"));
        }
        using (var csv = await coord.GetAsync($"/organise/discovery-days/{dayId}/registrants.csv"))
            if (csv.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException("registrants export: " + csv.StatusCode);
        log("Discovery day: two seats taken, two people waiting");

        Record("discoveryDay", dayId, DayTitle, new() { ["manageLinks"] = string.Join(" ", _manageLinks) },
            new() { ["description"] = DayDescription }, [Coordination, Admin], [Partner, As]);
        Page(null, $"/discovery-days/{dayId}", contains: [DayTitle, DayDescription, "data-seat-state=\"full\""]);
        Page(Coordination, $"/organise/discovery-days/{dayId}", contains: Bookers.Select(b => b.Name).ToArray());
        Page(Partner, $"/organise/discovery-days/{dayId}", 302, location: "/account/denied", why: "organisers only");
        // After the last actions (below): the first booker cancelled, the first waiting was promoted, the second still waits.
        string[] after = ["cancelled", "confirmed", "confirmed", "waitlisted"];
        for (var i = 0; i < Bookers.Length; i++) Page(null, _manageLinks[i], contains: [$"data-status=\"{after[i]}\""], why: "booking " + Bookers[i].Name);
        _dayId = dayId;
    }

    private Guid _dayId;

    // ---- 7. each involved user's private calendar feed ------------------------------------------------------------

    private async Task FeedsAsync()
    {
        using var calendarClient = new HttpClient { BaseAddress = App.BaseAddress };
        foreach (var email in new[] { Facilitator, As, Ai, Partner, Councillor, Coordination, Jeunes1, Lead })
        {
            var web = await Web(email);
            using var created = await web.SubmitAsync("/account/calendar", [], "/account/calendar?handler=Create");
            var page = await created.Content.ReadAsStringAsync();
            var match = Regex.Match(page, "value=\"(https?://[^\"]+/calendar/feed/[A-Za-z0-9_-]+\\.ics)\"");
            if (!match.Success) throw new InvalidOperationException($"no feed link for {email}: {(int)created.StatusCode}");
            var path = new Uri(WebUtility.HtmlDecode(match.Groups[1].Value)).PathAndQuery;
            var ics = await calendarClient.GetStringAsync(path);
            var events = (await IcalJs.ParseAsync(ics)).Events.Where(e => e.RecurrenceId is null)
                .Select(e => new FeedEvent(e.Uid!, e.Summary ?? "", e.Dtstart?.Utc)).ToList();
            m.Feeds.Add(new FeedCheck(email, path, events));
        }
        void Expect(string email, string text)
        {
            if (!m.Feeds.Single(f => f.Email == email).Events.Any(e => e.Summary.Contains(text, StringComparison.Ordinal)))
                throw new InvalidOperationException($"{email}'s feed lacks '{text}': {string.Join(" | ", m.Feeds.Single(f => f.Email == email).Events.Select(e => e.Summary))}");
        }
        Expect(Partner, CaseCode);
        Expect(As, MeetingTitle);
        Expect(Councillor, CommitteeTitle);
        Expect(Ai, SeriesTitle);
        log($"Calendar feeds: {m.Feeds.Count} users, {m.Feeds.Sum(f => f.Events.Count)} events");
    }

    // ---- 8. with the SMTP server down: a cancellation promotes the waiting list; a sign-in link; an audit check ---

    private async Task LastActionsWithSmtpDownAsync()
    {
        var before = await FixtureProgram.PendingMailsAsync(App);
        using (var visitor = App.NewClient("fr"))
        {
            var cancel = await BrowserForm.OpenAsync(visitor, _manageLinks[0], "handler=Cancel");
            using var response = await cancel.PostAsync(visitor);
            if ((int)response.StatusCode >= 400) throw new InvalidOperationException("cancel booking: " + response.StatusCode);
        }
        using (var partner = App.NewClient("fr"))
        {
            var magic = await BrowserForm.OpenAsync(partner, "/account/magic-link");
            using var response = await magic.Set("Email", Partner2).PostAsync(partner);
            if ((int)response.StatusCode >= 400) throw new InvalidOperationException("magic link: " + response.StatusCode);
        }
        var admin = await Web(Admin);
        var verify = await PageAsync(admin, "/admin/audit");
        using (var verified = await admin.SubmitAsync("/admin/audit", [], "/admin/audit?handler=Verify"))
        {
            var html = await verified.Content.ReadAsStringAsync();
            if (!html.Contains("id=\"audit-verification\"") || !html.Contains("alert success")) throw new InvalidOperationException("audit chain not intact before the upgrade");
        }
        _ = verify;
        await FixtureProgram.WaitUntilAsync(async () => await App.WithDbAsync(db => db.OutboxMessages.CountAsync(x => x.Status == OutboxStatus.Pending && x.Draft == null)) >= before + 3,
            "mails queued while the SMTP server is down");
        await FixtureProgram.WaitUntilAsync(async () => !await App.WithDbAsync(db => db.OutboxMessages.AnyAsync(x => x.Status == OutboxStatus.Pending && x.Draft != null)),
            "queued drafts composed");
        log($"Last actions with the SMTP server down: {await FixtureProgram.PendingMailsAsync(App)} mail(s) queued");

        var bookings = await App.WithDbAsync(db => db.DiscoveryBookings.AsNoTracking().Where(b => b.DayId == _dayId).OrderBy(b => b.CreatedAt).Select(b => b.Status.ToString()).ToListAsync());
        log("Bookings now: " + string.Join(", ", bookings));
    }

    private async Task RecordUsersAsync()
    {
        var users = await App.WithDbAsync(async db =>
        {
            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync();
            return (await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync())
                .Select(u => new ManifestUser(u.Email!, u.DisplayName, roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList(), u.PasswordHash is null ? null : Pw)).ToList();
        });
        m.Users.AddRange(users);
    }

    // ---- before stopping: the checks must hold now; then the outbox and the audit trail as they are -------------

    public async Task<List<string>> SelfCheckAsync()
    {
        using var checker = new UpgradeChecker(App.BaseAddress, m);
        await checker.RunAllAsync();
        log($"Self-check: {m.Pages.Count + m.Hub.Count + m.Notes.Count + m.Feeds.Count} checks, {checker.Failures.Count} failure(s)");
        return checker.Failures;
    }

    public async Task RecordMailsAndAuditAsync()
    {
        var rows = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).ToListAsync());
        var delivered = smtp.Messages().Select(x => x.Message.MessageId).ToHashSet();
        foreach (var row in rows)
        {
            var mime = MimeKit.MimeMessage.Load(new MemoryStream(row.Mime));
            var mail = new ManifestMail(row.Id.ToString(), mime.MessageId ?? "", row.ToAddress, mime.Subject ?? "", row.Kind, row.DedupKey);
            switch (row.Status)
            {
                case OutboxStatus.Sent:
                    if (!delivered.Contains(mime.MessageId)) throw new InvalidOperationException($"mail {row.Id} is marked sent but the SMTP server never got it");
                    m.Mails.Sent.Add(mail);
                    break;
                case OutboxStatus.Pending:
                    if (delivered.Contains(mime.MessageId)) throw new InvalidOperationException($"queued mail {row.Id} already reached the SMTP server");
                    m.Mails.Queued.Add(mail);
                    break;
                default:
                    throw new InvalidOperationException($"mail {row.Id} to {row.ToAddress} is {row.Status}: {row.LastError}");
            }
        }
        m.Audit.Entries = await App.WithDbAsync(db => db.AuditEntries.CountAsync());
        var actions = await App.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).Distinct().ToListAsync());
        string[] wanted = ["Conferences.CaseViewed", "Conferences.MinutesExported", "Discovery.RegistrantsExported", "Audit.Verified"];
        foreach (var a in wanted)
            if (!actions.Contains(a)) throw new InvalidOperationException("no audit entry " + a);
        m.Audit.Actions = actions.Order(StringComparer.Ordinal).ToList();
        var verification = await App.WithDbAsync(db => AuditChain.VerifyAsync(db));
        if (!verification.Intact) throw new InvalidOperationException("audit chain broken: " + verification.Problem);
        log($"Outbox: {m.Mails.Sent.Count} sent, {m.Mails.Queued.Count} queued; audit: {m.Audit.Entries} entries, chain intact");
    }

    private static void Assert(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException(what + " failed");
    }
}
