// Intervision panels of the live room: anonymous cards (write, reveal, group) and the rapporteur's summary.
// It shares the room page's connection (room.js sets root.roomConnection) and renders what the server sends:
// the "intervision" broadcast never names an author; the caller's own unrevealed cards come only in replies to them.
import { loadTexts, el, keepFocus } from '/js/room-client.js';
import { announce } from '/js/site.js';

const root = document.getElementById('room');
const rc = root.roomConnection;
const t = loadTexts('intervision-texts');
const rt = loadTexts('room-texts');
const $ = (name) => root.querySelector(`[data-iv="${name}"]`);
const cardForm = root.querySelector('[data-iv-form="card"]');
const summaryForm = root.querySelector('[data-iv-form="summary"]');

let live = null;       // IntervisionLiveView (shared by everyone)
let myCards = [];      // my unrevealed cards: { id, text, position = phase index }
let editing = null;    // id of my card being rewritten
let summaryDirty = false;

// Card ids are random (v4): they carry no time, so they say nothing about who wrote first.
const cardId = () => crypto.randomUUID();

rc.connection.on('intervision', (view) => {
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
  render();
}

const rs = () => rc.state;
const phaseTitle = (i) => { const p = rs()?.phases[i]; return p ? (p.title || rt(p.nameKey)) : ''; };
const isRapporteur = () => rs()?.me.protocolRole === 'rapporteur';
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
  const columns = el('div', { class: 'intervision-columns' });
  const groups = [{ id: null, label: t('Intervision.Live.Ungrouped') }, ...board.groups];
  for (const g of groups) {
    const cards = board.cards.filter((c) => (c.groupId ?? null) === g.id);
    const list = el('ul', { class: 'plain intervision-cards' }, ...cards.map((c) => renderCard(i, c, board.groups, rapporteur)));
    const head = el('div', { class: 'intervision-group-head' });
    if (rapporteur && g.id) {
      const input = el('input', { value: g.label, maxlength: '100', 'aria-label': t('Intervision.Live.GroupLabel'), 'data-iv-group': g.id });
      input.addEventListener('change', () => rc.send('IntervisionSaveGroup', i, g.id, input.value));
      head.append(input, el('button', { type: 'button', class: 'button small', 'aria-label': `${t('Intervision.Live.RemoveGroup')}: ${g.label}`, 'data-iv-act': 'remove-group', 'data-id': g.id, text: '×', onclick: () => rc.send('IntervisionRemoveGroup', i, g.id) }));
    } else {
      head.append(el('h4', { text: g.label }));
    }
    const column = el('div', { class: 'intervision-column' + (g.id ? '' : ' ungrouped'), 'data-group': g.id ?? '' }, head, list);
    if (rapporteur) {
      column.addEventListener('dragover', (e) => { e.preventDefault(); column.classList.add('drop'); });
      column.addEventListener('dragleave', () => column.classList.remove('drop'));
      column.addEventListener('drop', (e) => {
        e.preventDefault();
        column.classList.remove('drop');
        const id = e.dataTransfer.getData('text/plain');
        if (id) rc.send('IntervisionMoveCard', i, id, g.id, cards.length);
      });
    }
    columns.append(column);
  }
  section.append(columns);
  return section;
}

function renderCard(i, c, groups, rapporteur) {
  const li = el('li', { class: 'intervision-card', 'data-card': c.id }, el('span', { class: 'intervision-card-text', text: c.text }));
  if (rapporteur) {
    li.draggable = true;
    li.addEventListener('dragstart', (e) => e.dataTransfer.setData('text/plain', c.id));
    // The keyboard way to group: a list of groups on each card.
    const select = el('select', { 'aria-label': `${t('Intervision.Live.MoveTo')}: ${c.text}`, 'data-iv-move': c.id },
      el('option', { value: '', text: t('Intervision.Live.Ungrouped') }),
      ...groups.map((g) => el('option', { value: g.id, text: g.label, selected: g.id === c.groupId })));
    select.addEventListener('change', () => rc.send('IntervisionMoveCard', i, c.id, select.value || null, 1000));
    li.append(select);
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
  const result = await rc.send('IntervisionWriteCard', editing ?? cardId(), text);
  if (result) {
    myCards = result;
    editing = null;
    cardForm.text.value = '';
    render();
  }
});

summaryForm.addEventListener('input', () => { summaryDirty = true; $('summary-status').textContent = t('Intervision.Live.Unsaved'); });
summaryForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const ok = await rc.send('IntervisionSaveSummary', summaryForm.learnings.value, summaryForm.proposals.value, summaryForm.openQuestions.value);
  if (ok !== null) {
    summaryDirty = false;
    $('summary-status').textContent = t('Intervision.Live.SummarySaved');
  }
});
