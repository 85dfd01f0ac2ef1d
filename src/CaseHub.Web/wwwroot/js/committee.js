// The live comité à blanc page. The server renders what this viewer may see; this module keeps the countdown,
// mounts the shared notes during discussion, and refreshes the page when the room moves on (a phase change, a
// ballot count, the reveal, a reference decision). It never holds ballot content: the server sends none before
// the reveal. A refresh that would lose what the user is typing becomes a banner instead.
import { RoomConnection, loadTexts } from '/js/room-client.js';

const root = document.getElementById('committee');
const t = loadTexts();
const $ = (name) => root.querySelector(`[data-bind="${name}"]`);
let typing = false;
let notesEditor = null;

root.addEventListener('input', (e) => { if (e.target.closest('form')) typing = true; });
root.querySelector('[data-act="reload"]')?.addEventListener('click', () => window.location.reload());

function refresh() {
  const notesHost = $('notes');
  if (typing || (notesHost && notesHost.contains(document.activeElement))) {
    $('stale').hidden = false;
    return;
  }
  window.location.reload();
}

/** True when the server state no longer matches what the page shows. */
function outdated(state) {
  const phase = state.room.status === 'Live' ? state.timer.phaseIndex : -1;
  if (state.room.status !== root.dataset.status) return true;
  if (root.dataset.status === 'Live' && String(phase) !== root.dataset.phase) return true;
  const committeeVotes = state.votes.filter((v) => v.contextType === 'committee-case');
  const open = committeeVotes.find((v) => v.status === 'Open');
  if (open && (open.id !== root.dataset.voteId || root.dataset.voteStatus !== 'Open'
      || String(open.votedUserIds.length) !== root.dataset.voted)) return true;
  const shown = committeeVotes.find((v) => v.id === root.dataset.voteId);
  return root.dataset.voteStatus === 'Open' && shown !== undefined && shown.status !== 'Open';
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

const room = new RoomConnection(root.dataset.room, {
  onState: (state) => { if (outdated(state)) refresh(); else mountNotes(room); },
  onPatch: (state, before, patch) => {
    if (patch.phases || patch.room || patch.decisions || (patch.votes && outdated(state))) refresh();
  },
  onConnection: (kind) => {
    const c = $('conn');
    if (c) c.textContent = t({ connected: 'Room.UI.Connected', reconnecting: 'Room.UI.Reconnecting', offline: 'Room.UI.Offline', connecting: 'Room.UI.Connecting' }[kind]);
  },
  onError: (message) => { if (message) { const c = $('conn'); if (c) c.textContent = message; } },
});
room.start();
setInterval(() => tick(room), 500);
