// The live comité à blanc page. The server renders what this viewer may see; this module keeps the countdown, mounts
// the shared notes during discussion, and updates the page in place when the room moves on (a ballot count, the
// reveal and its divergence view, a reference decision, the next step or case): it fetches the page again and merges
// the new server rendering into the one on screen, keeping every node that is still there, so the field someone is
// on, what they typed and the notes editor stay as they are. It never holds ballot content: the server sends none
// before the reveal. An update that would remove a form someone is typing in (the vote closed under them) waits
// behind a banner instead. Live changes are announced to screen readers (the layout's polite live region).
import { RoomConnection, loadTexts, keepFocus, el, personRows } from '/js/room-client.js';
import { announce } from '/js/site.js';
import { mountParts } from '/js/room-parts.js';

const root = document.getElementById('committee');
const t = loadTexts();
const $ = (name) => root.querySelector(`[data-bind="${name}"]`);
// The timer and the connection are shown twice: in the page head (laptop) and in the sticky header (phone, "bar-…").
const $$ = (name) => root.querySelectorAll(`[data-bind="${name}"], [data-bind="bar-${name}"]`);
/** Forms the user typed in since they were rendered (the node is kept across updates, so is this mark). */
const typed = new WeakSet();
let notesEditor = null;

for (const type of ['input', 'change']) root.addEventListener(type, (e) => { const form = e.target.closest('form'); if (form) typed.add(form); });
root.addEventListener('click', (e) => { if (e.target.closest('[data-act="reload"]')) update(true); });

/** What this page shows (rendered by the server into data attributes). */
const shown = () => {
  const d = root.dataset;
  return { status: d.status, phase: d.phase, caseId: d.case, code: d.caseCode, decided: d.decided, step: d.stepName,
    voteId: d.voteId, voteStatus: d.voteStatus, voted: d.voted, eligible: d.eligible };
};

/** The change from one rendering to the next, in words: vote opened, n ballots of m, reveal, reference, next step. */
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

// ---- merging a new server rendering into the page ------------------------------------------------------------

/** Parts whose content this module or the notes editor owns: the server's rendering of them is a placeholder. */
const CLIENT_OWNED = '[data-bind="timer"], [data-bind="conn"], [data-bind="bar-timer"], [data-bind="bar-conn"], [data-bind="notes"], [data-bind="notes-status"], '
  + '[data-bind="people"], [data-parts-tabs]';

const same = (a, b) => a.nodeType === b.nodeType && (a.nodeType !== Node.ELEMENT_NODE
  || (a.tagName === b.tagName && (a.id || '') === (b.id || '') && a.getAttribute('name') === b.getAttribute('name')
      && a.getAttribute('type') === b.getAttribute('type') && a.dataset.bind === b.dataset.bind));

function syncAttributes(from, to) {
  for (const { name } of [...from.attributes]) {
    if (name === 'open' && from.tagName === 'DETAILS') continue; // what the reader unfolded stays unfolded
    if (!to.hasAttribute(name)) from.removeAttribute(name);
  }
  // Setting value/checked attributes changes only fields the user has not edited (the browser's dirty flags).
  for (const { name, value } of [...to.attributes]) if (from.getAttribute(name) !== value) from.setAttribute(name, value);
}

/** Makes `from` look like `to`, keeping the nodes both share (so focus, selection and typed values stay). */
function morph(from, to) {
  if (from.nodeType !== Node.ELEMENT_NODE) {
    if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue;
    return;
  }
  syncAttributes(from, to);
  if (from.matches(CLIENT_OWNED)) return;
  if (from.tagName === 'TEXTAREA') { from.defaultValue = to.defaultValue; return; }
  const pool = [...from.childNodes];
  const used = new Set();
  const keep = [];
  let next = 0;
  for (const node of [...to.childNodes]) {
    let match = null;
    if (node.nodeType === Node.ELEMENT_NODE && node.id) {
      match = pool.find((o) => !used.has(o) && o.nodeType === Node.ELEMENT_NODE && o.id === node.id) ?? null;
    } else {
      for (let i = next; i < pool.length; i++) {
        if (!used.has(pool[i]) && same(pool[i], node)) { match = pool[i]; next = i + 1; break; }
      }
    }
    if (match) { used.add(match); morph(match, node); keep.push(match); } else keep.push(document.importNode(node, true));
  }
  for (const old of pool) if (!used.has(old)) old.remove();
  // Put the kept nodes in order, moving only those out of place (a moved node would lose the focus).
  let ref = from.firstChild;
  for (const node of keep) {
    if (node === ref) ref = ref.nextSibling;
    else from.insertBefore(node, ref);
  }
}

/** Something the user would lose if `next` replaced the page: a form they typed in, or the field or notes they are on. */
function wouldLoseWork(next) {
  const gone = (node) => !(node.id && next.querySelector(`#${CSS.escape(node.id)}`));
  for (const form of root.querySelectorAll('form')) if (typed.has(form) && gone(form)) return true;
  const active = document.activeElement;
  const form = active && root.contains(active) ? active.closest('form') : null;
  if (form && !active.matches('button, [type=submit]') && gone(form)) return true;
  const notes = $('notes');
  return !!(notes && notes.contains(active) && !next.querySelector('[data-bind="notes"]'));
}

/** The #committee element of a fetched page. Only its body is parsed: the head holds a <noscript> style carrying that
 * response's nonce, which the parser would report as a Content-Security-Policy violation of this page. */
function parseSession(html) {
  const body = html.search(/<body[\s>]/i);
  return body < 0 ? null : new DOMParser().parseFromString(html.slice(body), 'text/html').getElementById('committee');
}

let fetching = null;
let again = false;

/** Fetches this page again and merges it in. `force`: the person asked for it (the banner's button). */
async function update(force = false) {
  if (fetching) { again = true; return fetching; }
  fetching = (async () => {
    do {
      again = false;
      let next = null;
      try {
        const response = await fetch(window.location.pathname, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'text/html' } });
        if (response.ok) next = parseSession(await response.text());
      } catch { /* offline for a moment: the next change (or the reconnection's snapshot) asks again */ }
      if (!next) {
        if (force) window.location.reload(); // signed out or gone: let the server say where to go
        else $('stale').hidden = false;
        return;
      }
      if (!force && wouldLoseWork(next)) { $('stale').hidden = false; return; }
      const before = shown();
      // The merge resets what scripts set on the server's nodes (the phone's tab roles, the connection's state): set again.
      keepFocus(root, () => { morph(root, next); parts.refresh(); setConn(connKind); renderPeople(); });
      for (const form of root.querySelectorAll('form')) if (!form.isConnected) typed.delete(form);
      $('stale').hidden = true;
      const words = changeWords(before, shown());
      // The confirmation of this person's last action ("decision saved") is old news once the session moved on.
      if (words.length > 0 && before.voted === shown().voted) document.querySelector('#main > .alert.success[role=status]')?.remove();
      for (const text of words) announce(text);
      syncNotes();
      force = false;
    } while (again);
  })().finally(() => { fetching = null; });
  return fetching;
}

// ---- timer and notes -----------------------------------------------------------------------------------------

function tick(room) {
  const timer = room.state?.timer;
  if (!timer) return;
  let left = null;
  if (timer.running && timer.endsAt) left = Math.round((Date.parse(timer.endsAt) - room.now()) / 1000);
  else if (timer.pausedRemainingSeconds != null) left = timer.pausedRemainingSeconds;
  const abs = Math.abs(left ?? 0);
  const text = left === null ? '--:--' : `${left < 0 ? '-' : ''}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  for (const node of $$('timer')) {
    if (node.textContent !== text) node.textContent = text;
    node.classList.toggle('cmt-overtime', left !== null && left < 0);
  }
}

// ---- the phone layout, presence and connection ---------------------------------------------------------------

// On a phone the session's parts (the step, the case, the notes, who is here) are tabs under a sticky header.
const parts = mountParts(root);

/** Who is here, from the shared room connection (the same list as in every live room). */
function renderPeople() {
  const list = $('people');
  if (list && room?.state) list.replaceChildren(...personRows(room.state, t));
}

let connKind = 'connecting';
function setConn(kind, message = null) {
  connKind = kind;
  const text = message ?? t({ connected: 'Room.UI.Connected', reconnecting: 'Room.UI.Reconnecting', offline: 'Room.UI.Offline', connecting: 'Room.UI.Connecting' }[kind]);
  for (const node of $$('conn')) {
    node.dataset.state = kind;
    node.replaceChildren(el('span', { class: 'conn-text', text }));
  }
}

/** The notes editor follows the page: mounted when the discussion shows its panel, let go when the panel goes. */
function syncNotes() {
  if (notesEditor && !notesEditor.host.isConnected) { notesEditor.editor.destroy(); notesEditor = null; }
  mountNotes();
}

async function mountNotes() {
  const host = $('notes');
  if (!host || notesEditor || !room.state) return;
  notesEditor = { host, editor: { destroy() {} } }; // claimed now: a second call while the module loads does nothing
  try {
    const { mountNotesEditor } = await import('/lib/notes-editor.js');
    if (!host.isConnected || notesEditor?.host !== host) return;
    const me = room.state.participants.find((p) => p.userId === root.dataset.me);
    notesEditor.editor = mountNotesEditor(host, {
      connection: room.notesLink(),
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
    renderPeople();
    if (outdated(state)) update();
    else mountNotes();
  },
  onPatch: (state, before, patch) => {
    if (patch.participants || patch.chair) keepFocus(root, renderPeople);
    // Only a change this page shows: a patch of the timer or presence is not one. Members also update on a decision
    // (the chair's reference appears); the chair's own page already shows it.
    if (outdated(state) || (patch.decisions && !isChair(state))) update();
  },
  onPresence: () => keepFocus(root, renderPeople),
  onConnection: (kind) => setConn(kind),
  onError: (message) => { if (message) setConn(connKind, message); },
});
room.start();
setInterval(() => tick(room), 500);
