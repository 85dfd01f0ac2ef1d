// The live comité à blanc page. The server renders what this viewer may see; this module keeps the countdown,
// mounts the shared notes during discussion, and refreshes the page when the room moves on (a phase change, a
// ballot count, the reveal, a reference decision). It never holds ballot content: the server sends none before
// the reveal. A refresh that would lose what the user is typing (or the field they are on) becomes a banner instead.
// Live changes are announced to screen readers (the layout's polite live region). Most changes refresh the page, so
// the words are worked out on the refreshed page: it compares what the page before showed with what it shows now.
import { RoomConnection, loadTexts } from '/js/room-client.js';
import { announce } from '/js/site.js';

const root = document.getElementById('committee');
const t = loadTexts();
const $ = (name) => root.querySelector(`[data-bind="${name}"]`);
const shownKey = `committee-shown:${root.dataset.room}`;
let typing = false;
let notesEditor = null;

for (const type of ['input', 'change']) root.addEventListener(type, (e) => { if (e.target.closest('form')) typing = true; });
root.querySelector('[data-act="reload"]')?.addEventListener('click', () => window.location.reload());

/** Typed something in a form, or is on one of its fields, or in the notes: a reload now would lose it. */
function busy() {
  const active = document.activeElement;
  const onField = active && root.contains(active) && active.closest('form') && !active.matches('button, [type=submit]');
  const notesHost = $('notes');
  return typing || !!onField || !!(notesHost && notesHost.contains(active));
}

/** What this page shows (rendered by the server into data attributes). */
const shown = () => {
  const d = root.dataset;
  return { status: d.status, phase: d.phase, caseId: d.case, code: d.caseCode, decided: d.decided, step: d.stepName,
    voteId: d.voteId, voteStatus: d.voteStatus, voted: d.voted, eligible: d.eligible };
};

/** The change from one page to the next, in words: vote opened, n ballots of m, reveal, reference, next step. */
function changeWords(before, now) {
  if (now.status !== before.status) return now.status === 'Closed' ? [t('Room.UI.MeetingClosed')] : [];
  const sameCase = before.caseId === now.caseId;
  if (now.voteStatus === 'Open' && (before.voteId !== now.voteId || before.voteStatus !== 'Open')) return [t('Room.UI.AnnounceVoteOpened', now.code)];
  if (now.voteStatus === 'Open' && before.voted !== now.voted) return [t('Room.UI.VotedCount', now.voted, now.eligible)];
  if (before.voteStatus === 'Open' && before.voteId === now.voteId && now.voteStatus === 'Revealed') return [t('Room.UI.AnnounceVoteClosed', now.code)];
  if (sameCase && before.decided !== 'true' && now.decided === 'true') return [t('Committees.Live.ReferenceRecorded', now.code)];
  if ((!sameCase || before.phase !== now.phase) && now.step) return [t('Room.UI.AnnouncePhase', now.code ? `${now.code} — ${now.step}` : now.step)];
  return [];
}

function refresh() {
  if (busy()) {
    $('stale').hidden = false;
    return;
  }
  // What the person last saw settled is kept across a quick second refresh (a page loaded between two patches).
  if (!sessionStorage.getItem(shownKey)) sessionStorage.setItem(shownKey, JSON.stringify({ ...shown(), at: Date.now() }));
  window.location.reload();
}

/** Once this page shows the current state: say what changed since the page the person saw before the refresh. */
function sayWhatChanged() {
  const before = JSON.parse(sessionStorage.getItem(shownKey) ?? 'null');
  sessionStorage.removeItem(shownKey);
  if (!before || Date.now() - before.at > 60000) return; // left behind by a page closed mid-refresh: old news
  for (const text of changeWords(before, shown())) announce(text);
}

/** True when the server state no longer matches what the page shows. */
function outdated(state) {
  const phase = state.room.status === 'Live' ? state.timer.phaseIndex : -1;
  if (state.room.status !== root.dataset.status) return true;
  if (root.dataset.status === 'Live' && String(phase) !== root.dataset.phase) return true;
  // The case's reference decision (a room decision with the session case's id), recorded since this page was rendered:
  // also when it came between this page's render and its join (the snapshot has it, no patch will say it).
  if (root.dataset.case && state.decisions.some((d) => d.id === root.dataset.case) !== (root.dataset.decided === 'true')) return true;
  const committeeVotes = state.votes.filter((v) => v.contextType === 'committee-case');
  const open = committeeVotes.find((v) => v.status === 'Open');
  if (open && (open.id !== root.dataset.voteId || root.dataset.voteStatus !== 'Open'
      || String(open.votedUserIds.length) !== root.dataset.voted)) return true;
  const shownVote = committeeVotes.find((v) => v.id === root.dataset.voteId);
  return root.dataset.voteStatus === 'Open' && shownVote !== undefined && shownVote.status !== 'Open';
}

function tick(room) {
  const el = $('timer');
  const timer = room.state?.timer;
  if (!el || !timer) return;
  let left;
  if (timer.running && timer.endsAt) left = Math.round((Date.parse(timer.endsAt) - room.now()) / 1000);
  else if (timer.pausedRemainingSeconds != null) left = timer.pausedRemainingSeconds;
  else { el.textContent = '--:--'; return; }
  const sign = left < 0 ? '-' : '';
  const abs = Math.abs(left);
  el.textContent = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  el.classList.toggle('cmt-overtime', left < 0);
}

async function mountNotes(room) {
  const host = $('notes');
  if (!host || notesEditor || !room.state) return;
  try {
    const { mountNotesEditor } = await import('/lib/notes-editor.js');
    const me = room.state.participants.find((p) => p.userId === root.dataset.me);
    notesEditor = mountNotesEditor(host, {
      connection: room.connection,
      docKey: root.dataset.notes,
      user: { id: root.dataset.me, name: me?.name ?? '', color: '#1f6f8b' },
      readOnly: !room.state.me.canEditNotes,
      labels: JSON.parse(document.getElementById('room-texts').textContent),
      onStatus: (status, label) => { const n = $('notes-status'); if (n) n.textContent = label ?? status; },
    });
  } catch {
    host.textContent = t('Room.UI.NotesUnavailable');
  }
}

const isChair = (state) => state.chair?.actingChairId === root.dataset.me;

const room = new RoomConnection(root.dataset.room, {
  onState: (state) => {
    if (outdated(state)) { refresh(); return; }
    sayWhatChanged();
    mountNotes(room);
  },
  onPatch: (state, before, patch) => {
    // Only a change this page shows: a patch of the room or its phases (the timer, presence…) is not one. Members
    // also refresh on a decision (the chair's reference appears); the chair's own page already shows it.
    if (!outdated(state) && !(patch.decisions && !isChair(state))) return;
    if (!busy()) { refresh(); return; }
    // Not refreshed under someone's typing: say it here, beside the banner.
    const now = { ...shown(), status: state.room.status, phase: String(state.room.status === 'Live' ? state.timer.phaseIndex : -1) };
    const vote = state.votes.filter((v) => v.contextType === 'committee-case').at(-1);
    if (vote) Object.assign(now, { voteId: vote.id, voteStatus: vote.status, voted: String(vote.votedUserIds.length), eligible: String(vote.eligibleCount) });
    if (patch.decisions && state.decisions.some((d) => d.id === root.dataset.case)) now.decided = 'true';
    if (now.phase !== shown().phase) now.step = '';
    for (const text of changeWords(shown(), now)) announce(text);
    refresh();
  },
  onConnection: (kind) => {
    const c = $('conn');
    if (c) c.textContent = t({ connected: 'Room.UI.Connected', reconnecting: 'Room.UI.Reconnecting', offline: 'Room.UI.Offline', connecting: 'Room.UI.Connecting' }[kind]);
  },
  onError: (message) => { if (message) { const c = $('conn'); if (c) c.textContent = message; } },
});
room.start();
setInterval(() => tick(room), 500);
