// Intervision panels of the live room: anonymous cards (write, reveal, group) and the rapporteur's summary.
// It shares the room page's connection (import { room } from room.js) and renders what the server sends:
// the Intervision event never names an author; the caller's own unrevealed cards come only in replies to them.
import { room as rc } from '/js/room.js';
import { loadTexts, el, keepFocus } from '/js/room-client.js';
import { announce } from '/js/site.js';
import { cardColumns, draggable, moveToSelect } from '/js/card-board.js';

const root = document.getElementById('room');
const t = loadTexts('intervision-texts');
const rt = loadTexts('room-texts');
const $ = (name) => root.querySelector(`[data-iv="${name}"]`);
const cardForm = root.querySelector('[data-iv-form="card"]');
const summaryForm = root.querySelector('[data-iv-form="summary"]');
const reactionForm = root.querySelector('[data-iv-form="reaction"]');

let live = null;       // IntervisionLiveView (shared by everyone)
let myCards = [];      // my unrevealed cards: { id, text, position = phase index }
let editing = null;    // id of my card being rewritten
let summaryDirty = false;
let myReaction = null; // the narrator's own slot: { text, shared } (only the narrator receives it)
let reactionDirty = false;

// Card ids are random (v4): they carry no time, so they say nothing about who wrote first.
const cardId = () => crypto.randomUUID();

rc.on('Intervision', (view) => {
  const before = live;
  live = view;
  for (const b of view.boards) {
    const old = before?.boards.find((x) => x.phaseIndex === b.phaseIndex);
    if (b.revealed && !old?.revealed) announce(t('Intervision.Live.Revealed', b.cardCount));
  }
  render();
});
root.addEventListener('room:joined', load);
root.addEventListener('room:change', render);
if (rc.state) load();

async function load() {
  const view = await rc.send('IntervisionState');
  if (!view) return;
  live = view.live;
  myCards = view.myCards;
  myReaction = view.myReaction ?? null;
  render();
  scheduleNotesCheck(500);
}

const rs = () => rc.state;
const phaseTitle = (i) => { const p = rs()?.phases[i]; return p ? (p.title || rt(p.nameKey)) : ''; };
const isRapporteur = () => rs()?.me.protocolRole === 'rapporteur';
const isNarrator = () => rs()?.me.protocolRole === 'narrator';
const phaseKey = () => rs()?.phases[rs().timer.phaseIndex]?.key;
const inReactionPhase = () => rs()?.room.status === 'Live' && phaseKey() === 'reaction';
const isChair = () => rs() && rs().chair.actingChairId === rs().me.userId;
const boardOf = (i) => live?.boards.find((b) => b.phaseIndex === i);

// Every broadcast re-renders the boards: the rapporteur grouping cards with the keyboard keeps the focus.
function render() {
  keepFocus(root, renderNow);
}

function renderNow() {
  if (!live || !rs()) return;
  const phase = rs().timer.phaseIndex;
  const isLive = rs().room.status === 'Live';
  const board = boardOf(phase);
  const canWrite = isLive && live.cardPhases.includes(phase) && !board?.revealed && rs().me.role !== 'Observer';
  $('write').hidden = !canWrite;
  renderMyCards(phase);
  renderBoards(phase);
  renderSummary();
  renderRole();
  renderReaction();
}

// What this person is here to do: one sentence per role (and the narrator's cue in the reaction phase).
function renderRole() {
  const node = $('role');
  const role = isNarrator() ? 'narrator' : isRapporteur() ? 'rapporteur' : isChair() ? 'animateur' : 'participant';
  const key = role === 'narrator' && inReactionPhase() ? 'Intervision.Live.Role.NarratorReaction'
    : { narrator: 'Intervision.Live.Role.Narrator', rapporteur: 'Intervision.Live.Role.Rapporteur', animateur: 'Intervision.Live.Role.Animateur', participant: 'Intervision.Live.Role.Participant' }[role];
  node.textContent = t(key);
  node.dataset.role = role;
  node.hidden = false;
}

// The narrator's reaction slot: open to the narrator during the reaction phase, seen by the others once shared.
function renderReaction() {
  const panel = $('reaction');
  const narrator = isNarrator();
  const writing = narrator && inReactionPhase();
  const shared = live.reaction;
  panel.hidden = !(writing || shared || (narrator && myReaction?.text) || inReactionPhase());
  reactionForm.hidden = !writing;
  if (writing && !reactionDirty) reactionForm.reaction.value = myReaction?.text ?? '';
  const view = $('reaction-view');
  view.classList.toggle('muted', !shared);
  if (writing) {
    view.textContent = '';
    view.hidden = true;
  } else {
    view.hidden = false;
    view.textContent = shared ?? (narrator ? (myReaction?.text ?? t('Intervision.Live.Reaction.NotWritten')) : t('Intervision.Live.Reaction.NotShared'));
  }
  if (writing && !reactionDirty) $('reaction-status').textContent = myReaction?.shared ? t('Intervision.Live.Reaction.Shared') : (myReaction?.text ? t('Intervision.Live.Reaction.Private') : '');
}

function renderMyCards(phase) {
  const mine = myCards.filter((c) => c.position === phase);
  $('mycards').replaceChildren(...(mine.length === 0 ? [el('li', { class: 'muted small', text: t('Intervision.Live.NoCardsYet') })] : mine.map((c) =>
    el('li', { class: 'intervision-card mine' },
      el('span', { text: c.text }),
      el('span', { class: 'intervision-card-actions' },
        el('button', { type: 'button', class: 'button small', text: t('Intervision.Live.Edit'), onclick: () => { editing = c.id; cardForm.text.value = c.text; cardForm.text.focus(); } }),
        el('button', { type: 'button', class: 'button small danger', text: t('Intervision.Live.Delete'), onclick: async () => { const r = await rc.send('IntervisionDeleteCard', c.id); if (r) { myCards = r; render(); } } }))))));
}

function renderBoards(phase) {
  const host = $('boards');
  const indexes = [...new Set([...live.boards.map((b) => b.phaseIndex), ...(live.cardPhases.includes(phase) ? [phase] : [])])].sort((a, b) => b - a);
  if (indexes.length === 0) { host.replaceChildren(el('p', { class: 'muted small', text: t('Intervision.Live.NoCardPhase') })); return; }
  host.replaceChildren(...indexes.map((i) => renderBoard(i, boardOf(i) ?? { phaseIndex: i, revealed: false, cardCount: 0, cards: [], groups: [] })));
}

function renderBoard(i, board) {
  const section = el('section', { class: 'intervision-board', 'data-phase': String(i) }, el('h3', { text: phaseTitle(i) }));
  if (!board.revealed) {
    section.append(el('p', { class: 'intervision-count', text: t('Intervision.Live.CardCount', board.cardCount) }));
    if (isChair() && rs().room.status === 'Live') {
      section.append(el('button', { type: 'button', class: 'button primary', 'data-iv-act': 'reveal', disabled: board.cardCount === 0,
        text: t('Intervision.Live.Reveal'), onclick: () => { if (window.confirm(t('Intervision.Live.ConfirmReveal'))) rc.send('IntervisionReveal', i); } }));
    }
    return section;
  }
  const rapporteur = isRapporteur();
  if (rapporteur) {
    const form = el('form', { class: 'intervision-group-form', novalidate: true },
      el('label', { for: `iv-group-${i}`, text: t('Intervision.Live.NewGroup') }),
      el('input', { id: `iv-group-${i}`, name: 'label', maxlength: '100', required: true }),
      el('button', { type: 'submit', class: 'button small', text: t('Intervision.Live.AddGroup') }));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const label = form.label.value.trim();
      if (!label) return;
      if (await rc.send('IntervisionSaveGroup', i, crypto.randomUUID(), label) !== null) form.label.value = '';
    });
    section.append(form);
  } else {
    section.append(el('p', { class: 'muted small', text: t('Intervision.Live.GroupingByRapporteur') }));
  }
  const move = (cardId, groupId, position) => rc.send('IntervisionMoveCard', i, cardId, groupId, position);
  section.append(cardColumns({
    prefix: 'intervision',
    groups: board.groups,
    cards: board.cards,
    ungroupedLabel: t('Intervision.Live.Ungrouped'),
    canGroup: rapporteur,
    move,
    head: (g) => {
      const head = el('div', { class: 'intervision-group-head' });
      if (rapporteur && g.id) {
        const input = el('input', { value: g.label, maxlength: '100', 'aria-label': t('Intervision.Live.GroupLabel'), 'data-iv-group': g.id });
        input.addEventListener('change', () => rc.send('IntervisionSaveGroup', i, g.id, input.value));
        head.append(input, el('button', { type: 'button', class: 'button small', 'aria-label': `${t('Intervision.Live.RemoveGroup')}: ${g.label}`, 'data-iv-act': 'remove-group', 'data-id': g.id, text: '×', onclick: () => rc.send('IntervisionRemoveGroup', i, g.id) }));
      } else {
        head.append(el('h4', { text: g.label }));
      }
      return head;
    },
    card: (c) => renderCard(c, board.groups, rapporteur, move),
  }));
  return section;
}

function renderCard(c, groups, rapporteur, move) {
  const li = el('li', { class: 'intervision-card', 'data-card': c.id }, el('span', { class: 'intervision-card-text', text: c.text }));
  if (rapporteur) {
    draggable(li, c.id);
    li.append(moveToSelect({ card: c, groups, ungroupedLabel: t('Intervision.Live.Ungrouped'), label: `${t('Intervision.Live.MoveTo')}: ${c.text}`, dataKey: 'data-iv-move', move }));
  }
  return li;
}

function renderSummary() {
  const s = live.summary;
  const rapporteur = isRapporteur() && rs().room.status !== 'Cancelled';
  summaryForm.hidden = !rapporteur;
  if (rapporteur && !summaryDirty) {
    summaryForm.learnings.value = s.learnings ?? '';
    summaryForm.proposals.value = s.proposals ?? '';
    summaryForm.openQuestions.value = s.openQuestions ?? '';
  }
  const view = $('summary-view');
  view.hidden = rapporteur;
  const part = (key, text) => [el('dt', { text: t(key) }), el('dd', { class: 'intervision-prewrap', text: text || '—' })];
  view.replaceChildren(...part('Intervision.Summary.Learnings', s.learnings), ...part('Intervision.Summary.Proposals', s.proposals),
    ...part('Intervision.Summary.OpenQuestions', s.openQuestions));
}

cardForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = cardForm.text.value.trim();
  if (!text) return;
  const result = await rc.send('IntervisionWriteCard', editing ?? cardId(), text, cardForm.confirmPii.checked);
  if (result) {
    myCards = result;
    editing = null;
    cardForm.text.value = '';
    resetConfirm('card-confirm');
    render();
  } else {
    $('card-confirm').hidden = false; // a refusal may be a possible name: the author can confirm it names nobody
  }
});

function resetConfirm(name) {
  const box = $(name);
  box.hidden = true;
  box.querySelector('input').checked = false;
}

reactionForm.addEventListener('input', () => { reactionDirty = true; $('reaction-status').textContent = t('Intervision.Live.Unsaved'); });
reactionForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const share = e.submitter?.dataset.ivAct === 'reaction-share';
  const result = await rc.send('IntervisionSaveReaction', reactionForm.reaction.value, share, reactionForm.confirmPii.checked);
  if (result) {
    myReaction = result;
    reactionDirty = false;
    resetConfirm('reaction-confirm');
    if (result.shared) announce(t('Intervision.Live.Reaction.Shared'));
    render();
  } else {
    $('reaction-confirm').hidden = false;
  }
});

// ---- PII guard on the live notes: the server scans the stored text a few seconds after changes stop ------------
let notesTimer = 0;
function scheduleNotesCheck(delay = 3000) {
  clearTimeout(notesTimer);
  notesTimer = setTimeout(checkNotes, delay);
}
async function checkNotes() {
  const warning = $('notes-warning');
  if (!rs()?.me.canEditNotes) { warning.hidden = true; return; }
  let findings;
  try { findings = await rc.call('IntervisionCheckNotes'); } catch { return; }
  if (!findings || findings.length === 0) { warning.hidden = true; return; }
  const kinds = findings.map((f) => t('Privacy.Kind.' + f.kind)).join(', ');
  warning.textContent = t(findings.every((f) => f.possible) ? 'Intervision.Live.NotesPiiPossible' : 'Intervision.Live.NotesPii', kinds);
  warning.hidden = false;
}
rc.on('NotesUpdate', () => scheduleNotesCheck());
const notesHost = root.querySelector('[data-bind="notes"]');
for (const type of ['input', 'keyup', 'paste', 'cut']) notesHost.addEventListener(type, () => scheduleNotesCheck());

summaryForm.addEventListener('input', () => { summaryDirty = true; $('summary-status').textContent = t('Intervision.Live.Unsaved'); });
summaryForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const ok = await rc.send('IntervisionSaveSummary', summaryForm.learnings.value, summaryForm.proposals.value, summaryForm.openQuestions.value, summaryForm.confirmPii.checked);
  if (ok !== null) {
    summaryDirty = false;
    resetConfirm('summary-confirm');
    $('summary-status').textContent = t('Intervision.Live.SummarySaved');
  } else {
    $('summary-confirm').hidden = false;
  }
});
