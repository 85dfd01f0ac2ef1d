// The case's social assessment grid (bilan social) in the live conference, beside room.js on its one connection.
// The server never broadcasts grid content: it signals "CaseGrid" and each client asks for CaseGridState, filtered for
// it (a partner never receives a CPAS-only cell). Every cell (a theme, an action) has a version: a save says which
// version it was typed on; when someone changed the cell meanwhile the server refuses, and this view shows their
// version beside the text kept in the form — saving again is then a deliberate choice. A card being typed in is never
// redrawn under the person's fingers: only its "who is editing" line and its notices change.
import { room } from '/js/room.js';
import { loadTexts, el, uuid, hubErrorText } from '/js/room-client.js';
import { announce } from '/js/site.js';

const panel = document.querySelector('[data-case-grid]');
const me = document.getElementById('room')?.dataset.me;
const t = loadTexts('conference-texts');
const RATINGS = ['Stabilising', 'Destabilising', 'Opportunity', 'Threat'];
const TERMS = ['ShortTerm', 'MediumTerm', 'LongTerm'];
const OWNERS = ['Person', 'Cpas', 'Partner'];
const VISIBILITIES = ['CpasOnly', 'AllParticipants'];
const HEARTBEAT_MS = 20000;

let view = null;
/** cell key → { base: version typed on, id?: new action id, conflict?: { version, by, text } } */
const drafts = new Map();
/** cell key → a message about that cell (a refused save) */
const notices = new Map();
let editing = null;
let heartbeat = null;

const themeCell = (theme) => `theme:${theme}`;
const actionCell = (id) => `action:${id}`;
const addCell = (theme) => `add:${theme}`;

function cellsOf(theme) {
  const keys = [themeCell(theme.theme), addCell(theme.theme)];
  for (const a of theme.actions) keys.push(actionCell(a.id));
  return keys;
}

async function refresh() {
  let next;
  try { next = await room.call('CaseGridState'); } catch { return; }
  view = next;
  render();
}

function select(name, id, values, labelOf, current, withEmpty) {
  const s = el('select', { name, id });
  if (withEmpty !== undefined) s.append(el('option', { value: '', text: withEmpty, selected: !current }));
  for (const v of values) s.append(el('option', { value: v, text: labelOf(v), selected: v === current }));
  return s;
}

function field(label, control) {
  return el('div', { class: 'grid-field' }, el('label', { for: control.id, text: label }), control);
}

/** The "changed meanwhile" box of a cell, with the other person's version (what this reader may read of it). */
function conflictBox(cell) {
  const d = drafts.get(cell);
  const notice = notices.get(cell);
  if (!d?.conflict && !notice) return null;
  const box = el('div', { class: 'alert warn grid-conflict', role: 'status' });
  if (d?.conflict) {
    box.append(el('p', { text: t('Conference.Grid.Stale', d.conflict.by ?? '—') }));
    if (d.conflict.text !== undefined) box.append(el('p', {}, el('strong', { text: `${t('Text.LabelColon', t('Conference.Grid.TheirVersion'))} ` }), d.conflict.text || '—'));
  } else box.append(el('p', { text: notice }));
  return box;
}

function themeForm(theme) {
  const cell = themeCell(theme.theme);
  const id = `g-${theme.theme}`;
  const form = el('form', { class: 'grid-form', 'data-cell': cell, 'data-version': theme.version, novalidate: true },
    field(t('Conference.Grid.Field.Rating'), select('rating', `${id}-rating`, RATINGS, (r) => t(`Conference.Grid.Rating.${r}`), theme.rating, t('Conference.Grid.NotRated'))),
    field(t('Conference.Grid.Field.Text'), el('textarea', { name: 'text', id: `${id}-text`, rows: 2, maxlength: 500, text: theme.text ?? '' })),
    field(t('Conference.Grid.Field.Visibility'), view.isCpas
      ? select('visibility', `${id}-vis`, VISIBILITIES, (v) => t(`Conference.Visibility.${v}`), theme.visibility)
      : el('input', { type: 'hidden', name: 'visibility', value: 'AllParticipants' })),
    el('div', { class: 'grid-buttons' },
      el('button', { type: 'submit', class: 'button small primary', 'data-grid-act': 'save-theme', text: t(theme.present ? 'Conference.Grid.Save' : 'Conference.Grid.AddTheme') }),
      theme.present ? el('button', { type: 'button', class: 'button small link', 'data-grid-act': 'remove-theme', 'data-theme': theme.theme, text: t('Conference.Grid.Remove') }) : null));
  return form;
}

function actionForm(theme, action) {
  const cell = action ? actionCell(action.id) : addCell(theme.theme);
  const id = action ? `ga-${action.id}` : `gn-${theme.theme}`;
  const owners = theme.visibility === 'CpasOnly' ? OWNERS.filter((o) => o !== 'Partner') : OWNERS;
  return el('form', { class: 'grid-form grid-action-form', 'data-cell': cell, 'data-theme': theme.theme, 'data-version': action?.version ?? 0, novalidate: true },
    field(t('Conference.Grid.Field.Term'), select('term', `${id}-term`, TERMS, (x) => t(`Conference.Grid.Term.${x}`), action?.term ?? 'ShortTerm')),
    field(t('Conference.Grid.Field.Owner'), select('owner', `${id}-owner`, owners, (x) => t(`Conference.Grid.Owner.${x}`), action?.owner, '—')),
    field(t('Conference.Grid.Field.ActionText'), el('input', { name: 'text', id: `${id}-text`, maxlength: 300, value: action?.text ?? '' })),
    el('div', { class: 'grid-buttons' },
      el('button', { type: 'submit', class: 'button small', text: t(action ? 'Conference.Grid.Save' : 'Conference.Grid.AddAction') }),
      action ? el('button', { type: 'button', class: 'button small link', 'data-grid-act': 'remove-action', 'data-id': action.id, 'data-version': action.version, text: t('Conference.Grid.RemoveAction') }) : null));
}

function readView(theme) {
  const rating = theme.rating ? el('span', { class: `grid-rating grid-rating-${theme.rating.toLowerCase()}`, text: t(`Conference.Grid.Rating.${theme.rating}`) })
    : el('span', { class: 'muted small', text: t('Conference.Grid.NotRated') });
  return el('div', { class: 'grid-read' },
    el('p', {}, rating, ' ', el('span', { class: 'badge', text: t(`Conference.Visibility.${theme.visibility}`) }), theme.text ? ` — ${theme.text}` : ''),
    theme.actions.length ? el('ul', { class: 'plain grid-actions' }, ...theme.actions.map((a) => el('li', {},
      el('span', { class: 'muted small', text: `${t(`Conference.Grid.Term.${a.term}`)} · ${t(`Conference.Grid.Owner.${a.owner}`)}` }), ` — ${a.text}`))) : null);
}

function body(theme) {
  if (theme.restricted) return [el('p', { class: 'muted', text: t('Conference.Grid.Restricted') })];
  const parts = [];
  if (!theme.present) {
    parts.push(el('p', { class: 'muted small', text: t('Conference.Grid.NotPresent') }));
    if (view.canEdit) parts.push(conflictBox(themeCell(theme.theme)), themeForm(theme));
    return parts;
  }
  if (!view.canEdit) return [readView(theme)];
  parts.push(conflictBox(themeCell(theme.theme)), themeForm(theme));
  parts.push(el('h4', { text: t('Conference.Grid.Actions') }));
  for (const a of theme.actions) parts.push(el('div', { class: 'grid-action' }, conflictBox(actionCell(a.id)), actionForm(theme, a)));
  parts.push(el('div', { class: 'grid-action grid-action-new' }, conflictBox(addCell(theme.theme)), actionForm(theme, null)));
  return parts;
}

function editorsOf(theme) {
  const keys = new Set(cellsOf(theme));
  return (view.editors ?? []).filter((e) => e.userId !== me && keys.has(e.cell));
}

/** A card is busy while someone types in it here: it is not redrawn (their text and caret stay). */
function busy(card, theme) {
  if (card.contains(document.activeElement) && document.activeElement !== card) return true;
  return cellsOf(theme).some((k) => drafts.has(k) && drafts.get(k).dirty);
}

function render() {
  if (!view || !panel) return;
  panel.querySelector('[data-grid="status"]').textContent = view.live ? t('Conference.Grid.OpenLive') : t('Conference.Grid.ClosedLive');
  panel.classList.toggle('grid-open', view.live);
  const host = panel.querySelector('[data-grid="themes"]');
  for (const theme of view.themes) {
    let card = host.querySelector(`[data-theme-card="${theme.theme}"]`);
    if (!card) {
      card = el('article', { class: 'grid-live-theme', 'data-theme-card': theme.theme },
        el('header', {}, el('h3', { text: t(`Conference.Theme.${theme.theme}`) }), el('span', { class: 'grid-editors', 'data-editors': true, 'aria-live': 'polite' })),
        el('div', { 'data-body': true }));
      host.append(card);
    }
    card.classList.toggle('grid-absent', !theme.present);
    card.classList.toggle('grid-restricted', theme.restricted);
    noticeConflicts(theme);
    const editors = editorsOf(theme);
    card.querySelector('[data-editors]').replaceChildren(...editors.map((e) => el('span', { class: 'badge warn', text: t('Conference.Grid.Editing', e.name) })));
    for (const f of card.querySelectorAll('form[data-cell]')) f.classList.toggle('grid-being-edited', editors.some((e) => e.cell === f.dataset.cell));
    const stamp = JSON.stringify([theme, view.canEdit, view.isCpas, [...cellsOf(theme)].map((k) => [drafts.get(k)?.conflict, notices.get(k)])]);
    if (card.dataset.stamp === stamp) continue;
    if (busy(card, theme)) {
      // Keep the forms; refresh the notices only.
      for (const f of card.querySelectorAll('form[data-cell]')) {
        const old = f.previousElementSibling?.classList.contains('grid-conflict') ? f.previousElementSibling : null;
        const box = conflictBox(f.dataset.cell);
        if (old) old.replaceWith(...(box ? [box] : [])); else if (box) f.before(box);
      }
      continue;
    }
    card.dataset.stamp = stamp;
    card.querySelector('[data-body]').replaceChildren(...body(theme).filter(Boolean));
  }
}

/** A cell typed on an older version than the server's now: say so at once (before the save is refused). */
function noticeConflicts(theme) {
  const check = (cell, current) => {
    const d = drafts.get(cell);
    if (!d || !d.dirty) return;
    if (current === null) { if (d.base !== 0 && !d.conflict) d.conflict = { version: 0, by: null, text: '' }; return; }
    if (current.version !== d.base && d.conflict?.version !== current.version) {
      d.conflict = { version: current.version, by: current.updatedBy, text: current.text ?? '' };
    }
  };
  check(themeCell(theme.theme), theme.present ? theme : null);
  for (const a of theme.actions) check(actionCell(a.id), a);
  for (const [cell, d] of drafts) {
    if (cell.startsWith('action:') && d.theme === theme.theme && !theme.actions.some((a) => actionCell(a.id) === cell)) check(cell, null);
  }
}

function draftOf(form) {
  const cell = form.dataset.cell;
  let d = drafts.get(cell);
  if (!d) {
    d = { base: Number(form.dataset.version), theme: form.dataset.theme, dirty: false };
    if (cell.startsWith('add:')) d.id = uuid();
    drafts.set(cell, d);
  }
  return d;
}

function setEditing(cell) {
  if (!view?.live) return;
  if (cell === editing) return;
  editing = cell;
  clearInterval(heartbeat);
  room.call('GridEditing', cell).catch(() => {});
  if (cell) heartbeat = setInterval(() => { if (editing) room.call('GridEditing', editing).catch(() => {}); }, HEARTBEAT_MS);
}

async function save(form) {
  const cell = form.dataset.cell;
  const d = draftOf(form);
  // After seeing someone else's version, saving again is a deliberate choice: it goes on the version now shown.
  const version = d.conflict ? d.conflict.version : d.base;
  const data = new FormData(form);
  const value = (name) => { const v = String(data.get(name) ?? '').trim(); return v === '' ? null : v; };
  notices.delete(cell);
  try {
    if (cell.startsWith('theme:')) {
      await room.call('GridSaveTheme', cell.slice(6), version, { rating: value('rating'), text: value('text'), visibility: value('visibility') });
    } else {
      const id = cell.startsWith('add:') ? d.id : cell.slice(7);
      await room.call('GridSaveAction', id, form.dataset.theme, cell.startsWith('add:') ? 0 : version, { term: value('term'), owner: value('owner'), text: value('text') });
    }
    drafts.delete(cell);
    announce(t('Conference.Grid.Saved'));
    if (document.activeElement && form.contains(document.activeElement)) document.activeElement.blur();
  } catch (e) {
    d.dirty = true;
    notices.set(cell, hubErrorText(e) ?? t('Conference.Grid.ClosedLive'));
  }
  await refresh();
}

function start() {
  panel.addEventListener('input', (e) => {
    const form = e.target.closest('form[data-cell]');
    if (form) draftOf(form).dirty = true;
  });
  panel.addEventListener('change', (e) => {
    const form = e.target.closest('form[data-cell]');
    if (form) draftOf(form).dirty = true;
  });
  panel.addEventListener('submit', (e) => {
    const form = e.target.closest('form[data-cell]');
    if (!form) return;
    e.preventDefault();
    save(form);
  });
  panel.addEventListener('click', async (e) => {
    const b = e.target.closest('[data-grid-act]');
    if (!b) return;
    const form = b.closest('form[data-cell]');
    try {
      if (b.dataset.gridAct === 'remove-theme') await room.call('GridRemoveTheme', b.dataset.theme, Number(form.dataset.version));
      if (b.dataset.gridAct === 'remove-action') await room.call('GridRemoveAction', b.dataset.id, Number(b.dataset.version));
      drafts.delete(form.dataset.cell);
    } catch (err) {
      notices.set(form.dataset.cell, hubErrorText(err) ?? '');
    }
    await refresh();
  });
  panel.addEventListener('focusin', (e) => {
    const form = e.target.closest('form[data-cell]');
    if (form) setEditing(form.dataset.cell);
  });
  panel.addEventListener('focusout', () => {
    setTimeout(() => {
      const form = document.activeElement?.closest?.('[data-case-grid] form[data-cell]');
      setEditing(form ? form.dataset.cell : null);
      render();
    }, 150);
  });

  // Refresh on every (re)join, on the server's signal, and when the phase or the room's status changes (the grid
  // opens with its phase).
  const joined = room.handlers.onJoined;
  room.handlers.onJoined = (s) => { joined?.(s); editing = null; refresh(); };
  const patched = room.handlers.onPatch;
  room.handlers.onPatch = (s, before, patch) => { patched?.(s, before, patch); if (patch?.timer || patch?.phases || patch?.room) refresh(); };
  room.on('CaseGrid', () => refresh());
}

if (panel) start();
