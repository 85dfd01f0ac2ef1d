// Idea cards of a network meeting's brainstorm (Core: Rooms/Cards/IdeaBoards.cs), on the room page's one connection
// (import { room } from room.js) and the shared card board (card-board.js, as intervision's cards). It renders what the
// server sends: the Ideas event carries no author in an anonymous meeting and no dot before the reveal; which cards
// are mine and where my dots are come only in the replies to me.
import { room as rc } from '/js/room.js';
import { loadTexts, el, keepFocus, uuid } from '/js/room-client.js';
import { announce } from '/js/site.js';
import { cardColumns, draggable, moveToSelect } from '/js/card-board.js';

const root = document.getElementById('room');
const panel = document.getElementById('part-ideas');
const t = loadTexts('room-texts');
const $ = (name) => panel.querySelector(`[data-idea="${name}"]`);
const form = panel.querySelector('[data-idea-form="card"]');
const groupForm = panel.querySelector('[data-idea-form="group"]');
const settingsForm = panel.querySelector('[data-idea-form="settings"]');
const topForm = panel.querySelector('[data-idea-form="top"]');

let board = null;     // IdeaBoardView (shared by everyone)
let mine = new Set(); // ids of my cards
let myDots = [];      // card id per dot I placed
let editing = null;   // id of my card being rewritten

rc.on('Ideas', (view) => {
  const wasRevealed = board?.revealed;
  board = view;
  if (view.revealed && !wasRevealed) announce(t('Room.UI.Ideas.Revealed'));
  render();
});
root.addEventListener('room:joined', load);
root.addEventListener('room:change', render);
if (rc.state) load();

async function load() {
  apply(await rc.send('IdeasState'));
}

/** A reply to me: the board, my cards, my dots. */
function apply(view) {
  if (!view) return false;
  board = view.board;
  mine = new Set(view.myCards);
  myDots = view.myDots;
  render();
  return true;
}

const rs = () => rc.state;
const isLive = () => rs()?.room.status === 'Live';
const isChair = () => rs() && rs().chair.actingChairId === rs().me.userId;
const contributor = () => rs() && rs().me.role !== 'Observer';
const inBrainstorm = () => rs()?.phases[rs().timer.phaseIndex]?.kind === 'Brainstorm';
const dotsLeft = () => (board.revealed ? 0 : Math.max(0, board.dotsPerPerson - myDots.filter((id) => board.cards.some((c) => c.id === id)).length));

function render() {
  keepFocus(root, renderNow);
}

function renderNow() {
  if (!board || !rs()) return;
  const live = isLive();
  const canAct = live && contributor();
  form.hidden = !(canAct && inBrainstorm() && !board.revealed);
  $('not-brainstorm').hidden = !(canAct && !inBrainstorm() && !board.revealed && board.cards.length === 0);
  groupForm.hidden = !canAct;
  const organise = (isChair() || rs().me.isOrganiser) && rs().room.status !== 'Closed' && rs().room.status !== 'Cancelled';
  settingsForm.closest('details').hidden = !organise;
  if (organise && !settingsForm.contains(document.activeElement)) {
    settingsForm.anonymous.checked = board.anonymous;
    settingsForm.dots.value = String(board.dotsPerPerson);
  }
  $('mode').textContent = t(board.anonymous ? 'Room.UI.Ideas.Anonymous' : 'Room.UI.Ideas.Named');
  $('status').textContent = board.revealed ? t('Room.UI.Ideas.Revealed') : t('Room.UI.Ideas.DotsCast', board.dotsCast);
  $('dots-left').textContent = board.revealed || !canAct ? '' : t('Room.UI.Ideas.DotsLeft', dotsLeft());
  $('reveal').hidden = !(isChair() && live && !board.revealed);
  $('reveal').disabled = board.cards.length === 0;
  topForm.hidden = !(isChair() && live && board.revealed);
  renderCards(canAct);
}

function renderCards(canAct) {
  const host = $('board');
  if (board.cards.length === 0) { host.replaceChildren(el('p', { class: 'muted small', text: t('Room.UI.Ideas.Empty') })); return; }
  const move = (cardId, groupId, position) => rc.send('IdeasMoveCard', cardId, groupId, position).then(apply);
  host.replaceChildren(cardColumns({
    prefix: 'idea',
    groups: board.groups,
    cards: board.cards,
    ungroupedLabel: t('Room.UI.Ideas.Ungrouped'),
    canGroup: canAct,
    move,
    head: (g) => el('h3', { class: 'idea-group-head', text: g.label }),
    card: (c) => renderCard(c, canAct, move),
  }));
}

function renderCard(c, canAct, move) {
  const own = mine.has(c.id);
  const myCount = myDots.filter((id) => id === c.id).length;
  const meta = el('span', { class: 'idea-card-meta small' });
  if (c.author) meta.append(el('span', { text: t('Room.UI.Ideas.By', c.author) }));
  if (own) meta.append(el('span', { class: 'badge', text: t('Room.UI.Ideas.Mine') }));
  if (c.dots !== null && c.dots !== undefined) meta.append(el('strong', { class: 'idea-dots', 'data-dots': String(c.dots), text: t('Room.UI.Ideas.Dots', c.dots) }));
  else if (myCount > 0) meta.append(el('span', { class: 'idea-my-dots', text: t('Room.UI.Ideas.MyDots', '●'.repeat(myCount)) }));
  if (c.carried) meta.append(el('span', { class: 'badge idea-carried', text: t('Room.UI.Ideas.Carried') }));
  const li = el('li', { class: 'idea-card' + (own ? ' mine' : ''), 'data-card': c.id }, el('span', { class: 'idea-card-text', text: c.text }), meta);
  const actions = el('span', { class: 'idea-card-actions' });
  if (canAct && !board.revealed) {
    actions.append(
      el('button', { type: 'button', class: 'button small', 'data-act': 'dot', 'data-id': c.id, disabled: dotsLeft() === 0, 'aria-label': t('Room.UI.Ideas.DotLabel', c.text), text: t('Room.UI.Ideas.Dot'),
        onclick: async () => apply(await rc.send('IdeasCastDot', c.id, uuid())) }));
    if (myCount > 0) {
      actions.append(el('button', { type: 'button', class: 'button small', 'data-act': 'undot', 'data-id': c.id, 'aria-label': t('Room.UI.Ideas.UndotLabel', c.text), text: t('Room.UI.Ideas.Undot'),
        onclick: async () => apply(await rc.send('IdeasRemoveDot', c.id)) }));
    }
    if (own) {
      actions.append(
        el('button', { type: 'button', class: 'button small', 'data-act': 'edit', 'data-id': c.id, text: t('Room.UI.Ideas.Edit'),
          onclick: () => { editing = c.id; form.text.value = c.text; form.text.focus(); } }),
        el('button', { type: 'button', class: 'button small danger', 'data-act': 'delete', 'data-id': c.id, text: t('Room.UI.Ideas.Delete'),
          onclick: async () => apply(await rc.send('IdeasDeleteCard', c.id)) }));
    }
  }
  if (isChair() && isLive() && !c.carried) {
    actions.append(el('button', { type: 'button', class: 'button small', 'data-act': 'carry', 'data-id': c.id, 'aria-label': t('Room.UI.Ideas.PickLabel', c.text), text: t('Room.UI.Ideas.Pick'),
      onclick: async () => { const n = await rc.send('IdeasCarry', [c.id]); if (n) announce(t('Room.UI.Ideas.CarriedDone', n)); } }));
  }
  if (actions.childElementCount > 0) li.append(actions);
  if (canAct) {
    draggable(li, c.id);
    const select = moveToSelect({ card: c, groups: board.groups, ungroupedLabel: t('Room.UI.Ideas.Ungrouped'), label: t('Room.UI.Ideas.MoveTo', c.text), dataKey: 'data-id', move });
    select.dataset.act = 'move';
    li.append(select);
  }
  return li;
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = form.text.value.trim();
  if (!text) { form.text.focus(); return; }
  if (apply(await rc.send('IdeasWriteCard', editing ?? uuid(), text))) {
    editing = null;
    form.text.value = '';
    form.text.focus();
  }
});

groupForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const label = groupForm.label.value.trim();
  if (!label) { groupForm.label.focus(); return; }
  if (apply(await rc.send('IdeasSaveGroup', uuid(), label))) groupForm.label.value = '';
});

settingsForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (apply(await rc.send('IdeasConfigure', settingsForm.anonymous.checked, Number(settingsForm.dots.value)))) announce(t('Room.UI.Ideas.SettingsSaved'));
});

$('reveal').addEventListener('click', async () => {
  if (window.confirm(t('Room.UI.Ideas.ConfirmReveal'))) apply(await rc.send('IdeasReveal'));
});

topForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const n = await rc.send('IdeasCarryTop', Number(topForm.count.value));
  if (n !== null) announce(t('Room.UI.Ideas.CarriedDone', n));
});
