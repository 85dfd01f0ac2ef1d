// The live case conference: the generic room (room.js: phases, timer, queue, notes, actions) on one connection,
// plus the conference panel. The server never broadcasts conference content: it only signals "conference changed",
// and each client asks for its own view (positions filtered by visibility for that viewer).
import { room } from '/js/room.js';
import { loadTexts, el, uuid } from '/js/room-client.js';
import { announce } from '/js/site.js';

const root = document.getElementById('room');
const panel = root.querySelector('[data-conf-panel]');
const t = loadTexts('conference-texts');
const $ = (name) => panel.querySelector(`[data-conf="${name}"]`);
let view = null;

async function refresh() {
  const next = await room.send('ConferenceState');
  if (!next) return;
  const opened = view && !view.positionsOpen && next.positionsOpen;
  view = next;
  render();
  if (opened) announce(t('Conference.UI.PositionsOpened'));
}

const orientationLabel = (key) => t(`Conference.Orientation.${key}`) === `Conference.Orientation.${key}` ? key : t(`Conference.Orientation.${key}`);

function render() {
  if (!view) return;
  const chair = room.state?.me?.isChair;
  const live = room.state?.room?.status === 'Live';
  // The facilitator reads every position while the others cannot yet: say how many are still sealed for them.
  $('sealed').textContent = view.positionsOpen ? t('Conference.UI.PositionsAreOpen')
    : t(view.isFacilitator ? 'Conference.UI.SealedForOthers' : 'Conference.UI.Sealed', view.sealedCount);
  panel.querySelector('[data-conf-act="open-positions"]').hidden = !(chair && live && !view.positionsOpen);
  $('positions').replaceChildren(...view.positions.map((p) => el('article', { class: `conf-position conf-party-${p.isPersonVoice ? 'person' : p.party.toLowerCase()}` },
    el('h4', {}, el('span', { text: p.isPersonVoice ? t('Conference.PersonVoice') : p.authorName }),
      el('span', { class: 'muted small', text: ` · ${t(`Conference.Party.${p.isPersonVoice ? 'Person' : p.party}`)} · ${t(`Conference.Visibility.${p.visibility}`)}` })),
    el('p', { text: p.situation }),
    p.proposedOrientation ? el('p', {}, el('strong', { text: `${t('Text.LabelColon', t('Conference.Field.ProposedOrientation'))} ` }), p.proposedOrientation) : null,
    p.needsFromOthers ? el('p', {}, el('strong', { text: `${t('Text.LabelColon', t('Conference.Field.NeedsFromOthers'))} ` }), p.needsFromOthers) : null,
    p.concerns ? el('p', {}, el('strong', { text: `${t('Text.LabelColon', t('Conference.Field.Concerns'))} ` }), p.concerns) : null)));

  $('points').replaceChildren(...view.points.map((p) => el('li', { class: `conf-point conf-point-${p.kind.toLowerCase()}` },
    el('span', { class: 'badge', text: t(`Conference.PointKind.${p.kind}`) }), ' ', el('span', { text: p.text }),
    p.views ? el('span', { class: 'muted small', text: ` (${p.views})` }) : null,
    chair && live ? el('button', { type: 'button', class: 'link small', 'data-conf-act': 'remove-point', 'data-id': p.id, 'aria-label': t('Conference.UI.RemovePoint'), text: '✕' }) : null)));
  if (view.points.length === 0) $('points').append(el('li', { class: 'muted', text: t('Conference.UI.NoPoints') }));

  const o = view.outcome;
  $('outcome').replaceChildren(o
    ? el('p', { class: 'conf-outcome-now' },
      el('span', { class: `badge ${o.noAgreement ? 'warn' : 'ok'}`, text: o.noAgreement ? t('Conference.NoAgreement') : t('Conference.Agreement') }), ' ',
      el('strong', { text: o.noAgreement ? `→ ${o.escalationTarget}` : orientationLabel(o.orientationKey) }),
      o.reviewDate ? el('span', { class: 'muted small', text: ` · ${t('Conference.Field.ReviewDate')} ${new Date(`${o.reviewDate}T12:00:00`).toLocaleDateString(document.documentElement.lang)}` }) : null)
    : el('p', { class: 'muted', text: t('Conference.Minutes.NoOutcome') }));
  for (const f of panel.querySelectorAll('form[data-conf-form]')) f.hidden = !(chair && live);
  renderDeadlineActions();
}

function renderDeadlineActions() {
  const select = $('deadline-actions');
  const current = select.value;
  const owned = (room.state?.actions ?? []).filter((a) => a.ownerId && a.status === 'Open');
  select.replaceChildren(...owned.map((a) => el('option', { value: a.id, selected: a.id === current, text: `${a.text} — ${a.ownerName ?? ''}` })));
  select.closest('form').hidden = select.closest('form').hidden || owned.length === 0;
}

panel.addEventListener('click', async (e) => {
  const b = e.target.closest('[data-conf-act]');
  if (!b) return;
  if (b.dataset.confAct === 'open-positions') await room.send('OpenPositions');
  if (b.dataset.confAct === 'remove-point') await room.send('RemovePoint', b.dataset.id);
});

panel.addEventListener('submit', async (e) => {
  const form = e.target.closest('form[data-conf-form]');
  if (!form) return;
  e.preventDefault();
  const data = new FormData(form);
  const s = (name) => { const v = String(data.get(name) ?? '').trim(); return v === '' ? null : v; };
  if (form.dataset.confForm === 'point') {
    if (!s('text')) return;
    // Clear at once (the next point may be typed before the server answers); put the text back if it was refused.
    const typed = { text: s('text'), views: s('views') };
    form.querySelector('[name=text]').value = '';
    form.querySelector('[name=views]').value = '';
    form.querySelector('[name=text]').focus();
    const ok = await room.send('AddPoint', uuid(), s('kind'), typed.text, typed.views);
    if (ok === null) { form.querySelector('[name=text]').value = typed.text; form.querySelector('[name=views]').value = typed.views ?? ''; }
  } else if (form.dataset.confForm === 'outcome') {
    const ok = await room.send('RecordOutcome', {
      orientationKey: data.get('noAgreement') ? null : s('orientation'), orientationDetail: s('detail'), noAgreement: !!data.get('noAgreement'),
      escalationTarget: s('target'), reasons: s('reasons'), answerToPerson: s('answer'), reviewDate: s('review'),
    });
    if (ok !== null) announce(t('Conference.UI.OutcomeSaved'));
  } else if (form.dataset.confForm === 'deadline') {
    if (!s('action') || !s('deadline')) return;
    const ok = await room.send('SetActionDeadline', s('action'), s('kind'), s('deadline'));
    if (ok !== null) { form.reset(); announce(t('Conference.UI.DeadlineSet')); }
  }
});

// Refresh on every (re)join, on the server's signal, and when the room's chair or status changes (controls depend on it).
const joined = room.handlers.onJoined;
room.handlers.onJoined = (s) => { joined?.(s); refresh(); };
const patched = room.handlers.onPatch;
room.handlers.onPatch = (s, before, patch) => { patched?.(s, before, patch); if (patch?.room || patch?.chair || patch?.actions) render(); };
room.on('Conference', () => refresh());
