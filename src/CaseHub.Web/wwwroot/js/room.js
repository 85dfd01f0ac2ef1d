// The live room client. The server is the only authority: this module renders the state it receives (a full
// snapshot on join, then versioned patches), sends commands, and re-synchronises after any gap or reconnect.
// Everything is rendered with textContent (never innerHTML with data), and no inline script is needed (CSP).
import { RoomConnection, loadTexts, el, uuid, keepFocus, personRows } from '/js/room-client.js';
import { announce } from '/js/site.js';
import { mountParts } from '/js/room-parts.js';

const root = document.getElementById('room');
const roomId = root.dataset.room;
const me = root.dataset.me;
const projector = root.dataset.projector === 'true';
const t = loadTexts();
const $ = (name) => root.querySelector(`[data-bind="${name}"]`);
// Shown in two places: the room head and phase bar (laptop), the sticky header (phone, "bar-…"); one of them shows.
const $$ = (name) => root.querySelectorAll(`[data-bind="${name}"], [data-bind="bar-${name}"]`);
const keepingFocus = (render) => keepFocus(root, render);

let state = null;      // the room connection's state (patched in place by it)
let notesEditor = null;

function setConn(kind) {
  const text = t({ connected: 'Room.UI.Connected', reconnecting: 'Room.UI.Reconnecting', offline: 'Room.UI.Offline', connecting: 'Room.UI.Connecting' }[kind]);
  for (const node of $$('conn')) {
    node.dataset.state = kind;
    node.replaceChildren(el('span', { class: 'conn-text', text }));
  }
}

// On a phone the room's parts are tabs under a sticky header (room-parts.js); the panels are never replaced, so the
// part someone chose stays open through every re-render and reconnection.
mountParts(root);

const room = new RoomConnection(roomId, {
  onConnection: setConn,
  onState: (s) => { state = s; keepingFocus(renderAll); changed(); },
  onJoined: (s) => { mountNotes(); root.dispatchEvent(new CustomEvent('room:joined', { detail: s })); },
  onPatch: (s, before) => { state = s; keepingFocus(renderAll); announceChanges(before); changed(); },
  onPresence: () => keepingFocus(() => { renderPeople(); renderOwnerOptions(); }),
  onRemoved: () => { showToast(t('Room.UI.Removed')); root.classList.add('removed'); },
  onError: (text) => showToast(text ?? t('Room.UI.Error')),
});

// Feature panels on the same page import { room } from this module (one connection); others follow these events.
function changed() { root.dispatchEvent(new CustomEvent('room:change', { detail: state })); }

function announceChanges(before) {
  if (state.timer.phaseIndex !== before.timer.phaseIndex && state.phases[state.timer.phaseIndex]) announce(t('Room.UI.AnnouncePhase', phaseTitle(state.phases[state.timer.phaseIndex])));
  const speaker = state.queue.speaker?.userId;
  if (speaker && speaker !== before.queue.speaker?.userId) announce(speaker === me ? t('Room.UI.AnnounceYourTurn') : t('Room.UI.AnnounceSpeaker', nameOf(speaker)));
  if (state.round?.current && state.round.current !== before.round?.current) announce(state.round.current === me ? t('Room.UI.AnnounceYourTurn') : t('Room.UI.AnnounceSpeaker', nameOf(state.round.current)));
  if (state.room.status !== before.room.status && state.room.status === 'Closed') announce(t('Room.UI.MeetingClosed'));
  const waiting = new Set(before.queue.entries.map((q) => q.userId));
  for (const q of state.queue.entries) if (!waiting.has(q.userId) && q.userId !== me) announce(t('Room.UI.AnnounceHand', nameOf(q.userId)));
  for (const v of state.votes) {
    const old = before.votes.find((x) => x.id === v.id);
    if (v.status === old?.status) continue;
    if (v.status === 'Open') announce(t('Room.UI.AnnounceVoteOpened', v.question));
    else if (v.status === 'Revealed') announce(t('Room.UI.AnnounceVoteClosed', v.question));
    else if (old?.status === 'Open') announce(t('Room.UI.AnnounceVoteCancelled', v.question));
  }
}

// ---- commands -----------------------------------------------------------------------------------------------

const send = (method, ...args) => room.send(method, ...args);

let toastTimer = 0;
function showToast(text) {
  const node = $('toast');
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, 6000);
}

root.addEventListener('click', async (e) => {
  const button = e.target.closest('[data-act]');
  if (!button || !state) return;
  const act = button.dataset.act;
  const phase = state.timer.phaseIndex;
  switch (act) {
    case 'start': await send('Start'); break;
    case 'next': await send('GoToPhase', phase, phase + 1); break;
    case 'prev': await send('GoToPhase', phase, phase - 1); break;
    case 'add1': await send('AddTime', 60, uuid()); break;
    case 'add5': await send('AddTime', 300, uuid()); break;
    case 'pause': await send('SetTimerRunning', !state.timer.running); break;
    case 'close':
      if (window.confirm(t('Room.UI.ConfirmClose'))) await send('Close');
      break;
    case 'hand':
      if (inQueue(me)) await send('LowerHand', null); else await send('RaiseHand');
      break;
    case 'give-next': await send('GiveFloor', null, uuid()); break;
    case 'give': await send('GiveFloor', button.dataset.user, uuid()); break;
    case 'lower': await send('LowerHand', button.dataset.user); break;
    case 'end-speaker': await send('EndSpeaker', button.dataset.user); break;
    case 'start-round': await send('StartRound', null, uuid()); break;
    case 'round-next': await send('AdvanceRound', state.round.index, false); break;
    case 'round-skip': await send('AdvanceRound', state.round.index, true); break;
    case 'round-end': await send('EndRound'); break;
    case 'handover':
      if (window.confirm(t('Room.UI.ConfirmHandOver', nameOf(button.dataset.user)))) await send('HandOver', button.dataset.user);
      break;
    case 'remove-decision': await send('RemoveDecision', button.dataset.id); break;
    case 'action-done': {
      const a = state.actions.find((x) => x.id === button.dataset.id);
      if (a) await send('UpdateAction', a.id, a.text, a.ownerId, a.dueDate, a.status === 'Done' ? 'Open' : 'Done');
      break;
    }
    case 'remove-action': await send('RemoveAction', button.dataset.id); break;
    case 'reveal': await send('RevealVote', button.dataset.id); break;
    case 'cancel-vote': await send('CancelVote', button.dataset.id); break;
    default: break;
  }
});

root.addEventListener('change', async (e) => {
  const select = e.target.closest('select[data-attendance]');
  if (select) await send('SetAttendance', select.dataset.attendance, select.value, null);
});

root.addEventListener('submit', async (e) => {
  const form = e.target.closest('form[data-form]');
  if (!form) return;
  e.preventDefault();
  const data = new FormData(form);
  const sent = JSON.stringify([...data]);
  let ok;
  switch (form.dataset.form) {
    case 'decision':
      ok = await send('AddDecision', uuid(), String(data.get('text') ?? ''));
      break;
    case 'action':
      ok = await send('AddAction', uuid(), String(data.get('text') ?? ''), data.get('owner') || null, data.get('due') || null);
      break;
    case 'vote': {
      const options = String(data.get('options') ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
      ok = await send('OpenVote', uuid(), String(data.get('question') ?? ''), options, data.get('allowReason') === 'on', data.get('anonymous') === 'on');
      if (ok !== null) {
        const details = form.closest('details');
        const inside = details.contains(document.activeElement);
        details.open = false;
        if (inside) details.querySelector('summary').focus(); // the keyboard user goes back to the opener, not to the top
      }
      break;
    }
    case 'ballot': {
      const ballot = await send('CastBallot', form.dataset.vote, String(data.get('option') ?? ''), data.get('reason') ? String(data.get('reason')) : null);
      if (ballot) { state.myBallots[form.dataset.vote] = ballot; keepingFocus(renderVotes); announce(t('Room.UI.BallotSaved')); }
      return;
    }
    default: return;
  }
  // Clear the form once saved, unless the person already started typing the next one while this was being sent.
  if (ok !== null && JSON.stringify([...new FormData(form)]) === sent) form.reset();
});

// ---- rendering ----------------------------------------------------------------------------------------------

const nameOf = (userId) => state.participants.find((p) => p.userId === userId)?.name ?? '?';
const inQueue = (userId) => state.queue.entries.some((q) => q.userId === userId);
const phaseTitle = (p) => p.title || t(p.nameKey);
const isChair = () => state.chair.actingChairId === me;
const contributor = () => state.me.role !== 'Observer' && state.room.status !== 'Closed';

// The page shows the title in the reader's language (a title CaseHub composed is composed again for them): only a
// rename during the meeting replaces it.
let shownTitle;
function renderAll() {
  if (!state) return;
  if (shownTitle !== undefined && state.room.title !== shownTitle) $('title').textContent = state.room.title;
  shownTitle = state.room.title;
  const video = $('video');
  if (video) { video.hidden = !state.room.videoUrl; if (state.room.videoUrl) video.href = state.room.videoUrl; }
  root.dataset.status = state.room.status;
  root.classList.toggle('is-chair', isChair());
  for (const n of root.querySelectorAll('[data-chair-only]')) n.hidden = !isChair() || state.room.status === 'Closed';
  for (const n of root.querySelectorAll('[data-contributor-only]')) n.hidden = !contributor() || state.room.status !== 'Live';
  for (const n of root.querySelectorAll('[data-decision-only]')) n.hidden = !(isChair() || state.me.role === 'CoChair' || state.me.protocolRole === 'rapporteur') || state.room.status !== 'Live';
  renderPhases();
  renderTimer();
  renderPeople();
  renderFloor();
  renderDecisions();
  renderActions();
  renderVotes();
  renderOwnerOptions();
}

function renderPhases() {
  const list = $('phases');
  list.replaceChildren(...state.phases.map((p, i) => el('li', {
    class: i === state.timer.phaseIndex ? 'current' : p.endedAt ? 'done' : '',
    'aria-current': i === state.timer.phaseIndex ? 'step' : null,
  }, el('span', { class: 'phase-name', text: phaseTitle(p) }), el('span', { class: 'phase-min', text: `${p.plannedMinutes}′` }))));
  const current = state.phases[state.timer.phaseIndex];
  const now = state.room.status === 'Scheduled' ? t('Room.UI.NotStarted')
    : state.room.status === 'Closed' ? t('Room.UI.MeetingClosed')
    : current ? phaseTitle(current) : '';
  for (const node of $$('phase-now')) node.textContent = now;
  const controls = $('chair-controls');
  if (controls) {
    controls.hidden = !isChair() || state.room.status === 'Closed';
    const live = state.room.status === 'Live';
    controls.querySelector('[data-act="start"]').hidden = live;
    for (const b of controls.querySelectorAll('[data-act]:not([data-act="start"])')) b.hidden = !live;
    controls.querySelector('[data-act="prev"]').disabled = state.timer.phaseIndex <= 0;
    controls.querySelector('[data-act="next"]').disabled = state.timer.phaseIndex >= state.phases.length - 1;
    $('pause').textContent = state.timer.running ? t('Room.UI.Pause') : t('Room.UI.Resume');
  }
}

function remainingSeconds() {
  const timer = state.timer;
  if (timer.running && timer.endsAt) return Math.round((Date.parse(timer.endsAt) - room.now()) / 1000);
  return timer.pausedRemainingSeconds ?? null;
}

// Said once per phase when a running timer crosses one minute left (screen readers: polite, never every second).
let minuteLeftSaidFor = null;
function announceMinuteLeft(s) {
  const phase = state.timer.phaseIndex;
  if (s > 60) { if (minuteLeftSaidFor === phase) minuteLeftSaidFor = null; return; } // time added: say it again later
  if (!state.timer.running || minuteLeftSaidFor === phase) return;
  minuteLeftSaidFor = phase;
  if (s > 50) announce(t('Room.UI.AnnounceOneMinute')); // not when the page opens late in the last minute
}

function renderTimer() {
  if (!state) return;
  const s = state.room.status === 'Live' ? remainingSeconds() : null;
  if (s !== null && !projector) announceMinuteLeft(s);
  const abs = Math.abs(s ?? 0);
  const text = s === null ? '--:--' : `${s < 0 ? '+' : ''}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
  const states = [['overtime', s !== null && s < 0], ['ending', s !== null && s >= 0 && s <= 60], ['paused', s !== null && !state.timer.running]];
  for (const node of $$('timer')) {
    if (node.textContent !== text) node.textContent = text;
    for (const [name, on] of states) node.classList.toggle(name, on);
  }
  if (s === null) return;
  // The speaker's own limit, when the chair gave a timed floor.
  const sp = state.queue.speaker;
  const spNode = root.querySelector('.speaker-time');
  if (sp?.limitSeconds && spNode) {
    const left = sp.limitSeconds - Math.round((room.now() - Date.parse(sp.since)) / 1000);
    spNode.textContent = left >= 0 ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` : t('Room.UI.TimeUp');
  }
}
setInterval(renderTimer, 250);

function renderPeople() {
  const list = $('people');
  if (!list) return;
  list.replaceChildren(...personRows(state, t, { me, manage: isChair() && !projector && state.room.status !== 'Closed' }));
}

function renderFloor() {
  const sp = state.queue.speaker;
  const speakerNode = $('speaker');
  speakerNode.replaceChildren();
  if (sp) {
    speakerNode.append(el('span', { class: 'label', text: t('Room.UI.Speaking') }), el('strong', { text: nameOf(sp.userId) }));
    if (sp.limitSeconds) speakerNode.append(el('span', { class: 'speaker-time' }));
    if ((isChair() || sp.userId === me) && !projector) speakerNode.append(el('button', { type: 'button', class: 'button small', 'data-act': 'end-speaker', 'data-user': sp.userId, text: t('Room.UI.EndTurn') }));
  }
  const queue = $('queue');
  queue.replaceChildren(...state.queue.entries.map((q) => {
    const li = el('li', { class: q.userId === me ? 'mine' : '' }, el('span', { text: nameOf(q.userId) }));
    if (isChair() && !projector) {
      li.append(el('button', { type: 'button', class: 'button small', 'data-act': 'give', 'data-user': q.userId, text: t('Room.UI.GiveFloor') }),
        el('button', { type: 'button', class: 'link small', 'data-act': 'lower', 'data-user': q.userId, text: t('Room.UI.LowerOthersHand') }));
    }
    return li;
  }));
  if (state.queue.entries.length === 0) queue.append(el('li', { class: 'muted', text: t('Room.UI.QueueEmpty') }));
  for (const b of root.querySelectorAll('[data-act="hand"]')) {
    b.textContent = inQueue(me) ? t('Room.UI.LowerHand') : t('Room.UI.RaiseHand');
    b.setAttribute('aria-pressed', inQueue(me) ? 'true' : 'false');
    b.hidden = !contributor() || state.room.status !== 'Live';
  }
  const next = root.querySelector('[data-act="give-next"]');
  if (next) next.disabled = state.queue.entries.length === 0;

  const roundNode = $('round');
  roundNode.replaceChildren();
  const r = state.round;
  if (r) {
    roundNode.append(el('h3', { text: r.done ? t('Room.UI.RoundDone') : t('Room.UI.Round') }));
    roundNode.append(el('ol', { class: 'round-order' }, ...r.order.map((u, i) => el('li', {
      class: i === r.index && !r.done ? 'current' : i < r.index ? (r.skipped.includes(u) ? 'skipped' : 'done') : '',
      'aria-current': i === r.index && !r.done ? 'true' : null,
      text: nameOf(u),
    }))));
    if (!r.done && !projector && (isChair() || r.current === me)) {
      roundNode.append(el('div', { class: 'round-actions' },
        el('button', { type: 'button', class: 'button small primary', 'data-act': 'round-next', text: r.current === me ? t('Room.UI.PassTurn') : t('Room.UI.NextInRound') }),
        isChair() ? el('button', { type: 'button', class: 'button small', 'data-act': 'round-skip', text: t('Room.UI.Skip') }) : null,
        isChair() ? el('button', { type: 'button', class: 'link small', 'data-act': 'round-end', text: t('Room.UI.EndRound') }) : null));
    }
  }
}

function renderDecisions() {
  const list = $('decisions');
  if (!list) return;
  list.replaceChildren(...state.decisions.map((d) => el('li', {},
    el('span', { text: d.text }),
    isChair() && !projector && state.room.status === 'Live' ? el('button', { type: 'button', class: 'link small', 'data-act': 'remove-decision', 'data-id': d.id, 'aria-label': t('Text.Labelled', t('Common.Delete'), d.text), text: '✕' }) : null)));
  if (state.decisions.length === 0) list.append(el('li', { class: 'muted', text: t('Room.UI.NoDecisions') }));
}

function renderActions() {
  const list = $('actions');
  if (!list) return;
  list.replaceChildren(...state.actions.map((a) => {
    const meta = [a.ownerName, a.dueDate ? new Date(`${a.dueDate}T12:00:00`).toLocaleDateString(document.documentElement.lang, { day: 'numeric', month: 'short', year: 'numeric' }) : null].filter(Boolean).join(' · ');
    const canEdit = !projector && state.room.status !== 'Closed' && (isChair() || a.createdBy === me || a.ownerId === me);
    return el('li', { class: a.status === 'Done' ? 'done' : '' },
      canEdit ? el('input', { type: 'checkbox', checked: a.status === 'Done', 'data-act': 'action-done', 'data-id': a.id, 'aria-label': t('Room.UI.MarkDone', a.text) }) : null,
      el('span', { class: 'item-text' }, el('span', { text: a.text }), meta ? el('span', { class: 'muted small', text: ` — ${meta}` }) : null),
      canEdit && state.room.status === 'Live' ? el('button', { type: 'button', class: 'link small', 'data-act': 'remove-action', 'data-id': a.id, 'aria-label': t('Text.Labelled', t('Common.Delete'), a.text), text: '✕' }) : null);
  }));
  if (state.actions.length === 0) list.append(el('li', { class: 'muted', text: t('Room.UI.NoActions') }));
}

function renderOwnerOptions() {
  const select = $('owner-options');
  if (!select) return;
  const current = select.value;
  select.replaceChildren(el('option', { value: '', text: '—' }),
    ...state.participants.filter((p) => p.role !== 'Observer').map((p) => el('option', { value: p.userId, selected: p.userId === current, text: p.name })));
}

function renderVotes() {
  const host = $('votes');
  if (!host) return;
  const votes = state.votes.filter((v) => v.status === 'Open' || v.status === 'Revealed').slice(-3).reverse();
  // Another person's ballot re-renders the list: keep what this person picked or typed but has not sent yet.
  const drafts = new Map([...host.querySelectorAll('form.ballot')].map((f) => [f.dataset.vote, {
    option: f.querySelector('input[name=option]:checked')?.value,
    reason: f.querySelector('textarea')?.value,
    focus: f.contains(document.activeElement) ? document.activeElement.id : null,
  }]));
  host.replaceChildren(...votes.map(renderVote));
  for (const [voteId, draft] of drafts) {
    const form = [...host.querySelectorAll('form.ballot')].find((f) => f.dataset.vote === voteId);
    if (!form) continue;
    if (draft.option !== undefined) {
      for (const input of form.querySelectorAll('input[name=option]')) input.checked = input.value === draft.option;
    }
    const reason = form.querySelector('textarea');
    if (reason && draft.reason !== undefined) reason.value = draft.reason;
    if (draft.focus) document.getElementById(draft.focus)?.focus();
  }
  if (votes.length === 0) host.append(el('p', { class: 'muted', text: t('Room.UI.NoVotes') }));
}

function renderVote(v) {
  const box = el('article', { class: `vote ${v.status.toLowerCase()}` }, el('h4', { text: v.question }));
  if (v.status === 'Open') {
    box.append(el('p', { class: 'muted small', text: t('Room.UI.VotedCount', v.votedUserIds.length, v.eligibleCount) }));
    const mine = state.myBallots?.[v.id];
    if (contributor() && !projector) {
      const form = el('form', { 'data-form': 'ballot', 'data-vote': v.id, class: 'ballot' },
        el('fieldset', {}, el('legend', { class: 'visually-hidden', text: v.question }),
          ...v.options.map((o, i) => el('label', { class: 'check' },
            el('input', { type: 'radio', name: 'option', value: o, required: true, checked: mine?.option === o, id: `opt-${v.id}-${i}` }), el('span', { text: o })))),
        v.allowReason ? el('label', { for: `reason-${v.id}`, text: t('Room.UI.Reason') }) : null,
        v.allowReason ? el('textarea', { name: 'reason', id: `reason-${v.id}`, rows: '2', maxlength: '2000' }) : null,
        el('button', { type: 'submit', class: 'button small primary', text: mine ? t('Room.UI.ChangeBallot') : t('Room.UI.CastBallot') }));
      if (mine && v.allowReason) form.querySelector('textarea').value = mine.reason ?? '';
      box.append(form);
      if (mine) box.append(el('p', { class: 'small ok-text', text: t('Room.UI.YourBallot', mine.option) }));
    }
    if (isChair() && !projector) {
      box.append(el('div', { class: 'vote-actions' },
        el('button', { type: 'button', class: 'button small', 'data-act': 'reveal', 'data-id': v.id, text: t('Room.UI.Reveal') }),
        el('button', { type: 'button', class: 'link small', 'data-act': 'cancel-vote', 'data-id': v.id, text: t('Common.Cancel') })));
    }
  } else if (v.results) {
    const total = Math.max(1, Object.values(v.results.counts).reduce((a, b) => a + b, 0));
    box.append(el('ul', { class: 'plain results' }, ...Object.entries(v.results.counts).map(([option, count]) => {
      const bar = el('span', { class: 'result-bar' });
      bar.style.width = `${Math.round((count / total) * 100)}%`; // CSSOM, allowed by the CSP (unlike a style attribute)
      return el('li', {}, el('span', { class: 'result-label', text: t('Text.Labelled', option, count) }), el('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar));
    })));
    const reasons = v.results.ballots.filter((b) => b.reason);
    if (reasons.length) {
      box.append(el('details', {}, el('summary', { text: t('Room.UI.Reasons', reasons.length) }),
        el('ul', { class: 'plain small' }, ...reasons.map((b) => el('li', { text: (b.userId ? `${nameOf(b.userId)} — ` : '') + t('Text.Labelled', b.option, b.reason) })))));
    }
  }
  return box;
}

// ---- shared notes -------------------------------------------------------------------------------------------

async function mountNotes() {
  if (notesEditor || !state) return;
  const host = $('notes');
  try {
    const { mountNotesEditor } = await import('/lib/notes-editor.js');
    const me_ = state.participants.find((p) => p.userId === me);
    notesEditor = mountNotesEditor(host, {
      connection: room.notesLink(),
      docKey: state.room.notesKey,
      user: { id: me, name: me_?.name ?? root.dataset.myName, color: colorFor(me) },
      readOnly: !state.me.canEditNotes || projector,
      labels: JSON.parse(document.getElementById('room-texts').textContent),
      onStatus: (status, label) => { const n = $('notes-status'); if (n) n.textContent = label ?? status; },
      onError: (message) => showToast(message),
    });
  } catch {
    host.textContent = t('Room.UI.NotesUnavailable');
  }
}

function colorFor(id) {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h}, 65%, 42%)`;
}

room.start();

// Feature views (case conferences, intervision…) import this module to add their panels on the same connection.
export { room };
