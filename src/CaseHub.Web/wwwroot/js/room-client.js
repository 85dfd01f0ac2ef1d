// The shared client of the room hub, used by every live view (meetings, case conferences, comités à blanc,
// intervision). It owns the SignalR connection, the room state (a full snapshot on join, then versioned patches —
// a gap triggers a full refetch), the clock offset to the server, and command sending with localized errors.
// Views subscribe with callbacks and render; they never hold state of their own that the server does not send.
import * as signalR from '/lib/signalr.js';

/** Reads the JSON text block the page embeds (never executed: the CSP forbids inline script). */
export function loadTexts(id = 'room-texts') {
  const texts = JSON.parse(document.getElementById(id)?.textContent ?? '{}');
  return (key, ...args) => (texts[key] ?? key).replace(/\{(\d+)\}/g, (_, i) => args[Number(i)] ?? '');
}

// Live panels are re-rendered from the state: the button or field someone is on with the keyboard is a new node
// afterwards. keepFocus(root, render) puts the focus back on its twin (same id, or same stable data key:
// data-act/-user/-id/-iv-*), or on the heading of the panel it was in: never lost to the top of the page.
// Everything about the focused node is read before rendering: once replaced, it is detached and no longer "in" root.
const focusKeys = ['act', 'user', 'id', 'ivAct', 'ivMove', 'ivGroup'];
function focusKeyOf(root, node) {
  if (!node || node === document.body || !root.contains(node)) return null;
  if (node.id) return `#${CSS.escape(node.id)}`;
  const parts = focusKeys.filter((k) => node.dataset[k]).map((k) => `[data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${CSS.escape(node.dataset[k])}"]`);
  return parts.length ? node.tagName.toLowerCase() + parts.join('') : null;
}
export function keepFocus(root, render) {
  const active = document.activeElement;
  const inside = !!active && active !== document.body && root.contains(active);
  const key = inside ? focusKeyOf(root, active) : null;
  // The nearest panel that outlives the render (a board section is itself re-rendered; the page's panel is not).
  const panels = [];
  for (let n = inside ? active.closest('.panel, .phasebar, section') : null; n && root.contains(n); n = n.parentElement?.closest('.panel, .phasebar, section')) panels.push(n);
  render();
  if (!inside || active.isConnected) return;
  const twin = key ? [...root.querySelectorAll(key)].find((n) => !n.hidden && !n.disabled && n.getClientRects().length > 0) : null;
  if (twin) { twin.focus(); return; }
  const panel = panels.find((n) => n.isConnected);
  const heading = panel ? panel.querySelector('h2, h3') : null;
  if (heading) { heading.tabIndex = -1; heading.focus(); }
}

/** Creates an element; children and text are set with DOM APIs (never innerHTML with data). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

export const uuid = () => crypto.randomUUID();

/**
 * The presence list every live room shows (who is here, their role, who is excused): one row per participant of
 * `state`. `manage`: the acting chair's controls (attendance, hand-over), only where the page handles them (room.js).
 */
export function personRows(state, t, { manage = false, me = state.me?.userId } = {}) {
  return state.participants.map((p) => {
    const badges = el('span', { class: 'person-badges' });
    if (p.userId === state.chair.actingChairId) badges.append(el('span', { class: 'badge brand', text: t('Rooms.Role.Chair') }));
    else if (p.role !== 'Participant') badges.append(el('span', { class: 'badge', text: t(`Rooms.Role.${p.role}`) }));
    if (p.protocolRole) badges.append(el('span', { class: 'badge', text: t(`Rooms.ProtocolRole.${p.protocolRole}`) }));
    // Who prepared (set on entering the room, from the meeting type's rule).
    if (state.prepared?.includes(p.userId)) badges.append(el('span', { class: 'badge ok', 'data-prepared': 'true', text: t('Room.UI.Prepared') }));
    const row = el('li', { class: `person ${p.online ? 'online' : 'offline'}` },
      el('span', { class: 'dot', 'aria-hidden': 'true' }),
      el('span', { class: 'person-name' }, el('span', { text: p.name }), el('span', { class: 'visually-hidden', text: p.online ? t('Room.UI.Online') : t('Room.UI.Away') })),
      badges);
    if (manage) {
      const select = el('select', { 'data-attendance': p.userId, 'aria-label': t('Room.UI.AttendanceOf', p.name), class: 'attendance' },
        ...['Unknown', 'Present', 'Excused', 'Absent'].map((a) => el('option', { value: a, selected: p.attendance === a, text: t(`Rooms.Attendance.${a}`) })));
      row.append(select);
      if (p.userId !== me && p.role !== 'Observer') row.append(el('button', { type: 'button', class: 'link small', 'data-act': 'handover', 'data-user': p.userId, text: t('Room.UI.HandOver') }));
    } else if (p.attendance === 'Excused') {
      row.append(el('span', { class: 'badge warn', title: p.attendanceNote ?? null, text: t('Rooms.Attendance.Excused') }));
    }
    return row;
  });
}

/** The text of a HubException (localized by the server), or null for other failures. */
export function hubErrorText(e) {
  const message = String(e?.message ?? e);
  const i = message.indexOf('HubException: ');
  return i >= 0 ? message.slice(i + 'HubException: '.length) : null;
}

// The room hub's client events (CaseHub.Web.Hubs.IRoomClient): the names the server sends.
const ROOM_EVENTS = ['Patch', 'Presence', 'Removed'];

/**
 * The one connection of a live page to the room hub. Pages never see the SignalR connection itself: they send
 * commands (send / call), listen to feature events (on), and hand notesLink() to the notes editor.
 */
export class RoomConnection {
  #hub;
  #lifecycle = { reconnecting: new Set(), reconnected: new Set(), close: new Set() };

  /**
   * @param {string} roomId
   * @param {{ onState?: Function, onPatch?: Function, onPresence?: Function, onConnection?: Function, onRemoved?: Function, onError?: Function, onJoined?: Function }} handlers
   */
  constructor(roomId, handlers = {}) {
    this.roomId = roomId;
    this.handlers = handlers;
    this.state = null;
    this.clockOffset = 0;
    this._pending = [];
    this.#hub = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/room')
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(1000 * 2 ** ctx.previousRetryCount, 10000) })
      .withStatefulReconnect()
      .build();
    const [patch, presence, removed] = ROOM_EVENTS;
    this.#hub.on(patch, (p) => this._onPatch(p));
    this.#hub.on(presence, (changed) => {
      if (!this.state) return;
      // Usually only the person who joined or left: merged by user id (the full list arrives with snapshots and patches).
      const byId = new Map(changed.map((p) => [p.userId, p]));
      this.state.participants = this.state.participants.map((p) => byId.get(p.userId) ?? p);
      for (const p of changed) if (!this.state.participants.some((q) => q.userId === p.userId)) this.state.participants.push(p);
      this.handlers.onPresence?.(this.state);
    });
    this.#hub.on(removed, () => { this.handlers.onRemoved?.(); this.#hub.stop(); });
    this.#hub.onreconnecting((e) => { this._status('reconnecting'); this.#emit('reconnecting', e); });
    this.#hub.onreconnected(async (id) => { this._status('connected'); this.#emit('reconnected', id); await this._join(); });
    this.#hub.onclose((e) => { this._status('offline'); this.#emit('close', e); setTimeout(() => this._connectLoop(), 3000); });
  }

  #emit(kind, arg) { for (const fn of this.#lifecycle[kind]) fn(arg); }

  /**
   * Listens to a feature's client event ('Conference', 'Intervision', 'NotesUpdate'…). Room state events are the
   * handlers' business (onPatch, onPresence, onRemoved). Returns a function that stops listening.
   */
  on(event, handler) {
    if (ROOM_EVENTS.includes(event)) throw new Error(`${event}: use the RoomConnection handlers`);
    this.#hub.on(event, handler);
    return () => this.#hub.off(event, handler);
  }

  /**
   * What the notes editor (client/yjs-signalr-provider.js) needs of a connection, on this one: invoke, on/off of the
   * notes events, the connection state and its lifecycle. release() forgets the lifecycle callbacks it registered.
   */
  notesLink() {
    const hub = this.#hub;
    const lifecycle = this.#lifecycle;
    const mine = [];
    const add = (kind) => (fn) => { lifecycle[kind].add(fn); mine.push([kind, fn]); };
    return {
      get state() { return hub.state; },
      invoke: (method, ...args) => hub.invoke(method, ...args),
      on: (event, fn) => { if (event.startsWith('Notes')) hub.on(event, fn); },
      off: (event, fn) => hub.off(event, fn),
      onreconnecting: add('reconnecting'),
      onreconnected: add('reconnected'),
      onclose: add('close'),
      release: () => { for (const [kind, fn] of mine.splice(0)) lifecycle[kind].delete(fn); },
    };
  }

  /** Server time now, corrected for this device's clock offset. */
  now() { return Date.now() + this.clockOffset; }

  async start() { await this._connectLoop(); }

  /** Invokes a hub method with the room id first. Errors go to onError and resolve to null. */
  async send(method, ...args) {
    try {
      return await this.call(method, ...args);
    } catch (e) {
      this.handlers.onError?.(hubErrorText(e), e);
      return null;
    }
  }

  /** Invokes a hub method with the room id first; a failure rejects (for background checks the user need not hear about). */
  call(method, ...args) { return this.#hub.invoke(method, this.roomId, ...args); }

  async refetch() {
    try { this._applySnapshot(await this.#hub.invoke('GetState', this.roomId)); } catch (e) { this.handlers.onError?.(hubErrorText(e), e); }
  }

  _status(kind) { this.handlers.onConnection?.(kind); }

  async _connectLoop() {
    if (this.#hub.state !== signalR.HubConnectionState.Disconnected) return;
    this._status('connecting');
    try {
      await this.#hub.start();
      this._status('connected');
      await this._join();
    } catch (e) {
      this._status('offline');
      if (hubErrorText(e)) { this.handlers.onError?.(hubErrorText(e), e); return; } // refused (not a member): do not retry
      setTimeout(() => this._connectLoop(), 5000);
    }
  }

  async _join() {
    await this._syncClock();
    this._applySnapshot(await this.#hub.invoke('Join', this.roomId));
    this.handlers.onJoined?.(this.state);
  }

  async _syncClock() {
    try {
      const t0 = Date.now();
      const server = Date.parse(await this.#hub.invoke('Ping'));
      const t1 = Date.now();
      this.clockOffset = server + (t1 - t0) / 2 - t1;
    } catch { /* keep the previous offset */ }
  }

  _applySnapshot(snapshot) {
    this.state = snapshot;
    const later = this._pending.filter((p) => p.v > snapshot.v).sort((a, b) => a.v - b.v);
    this._pending = [];
    this.handlers.onState?.(this.state);
    for (const p of later) this._onPatch(p);
  }

  _onPatch(patch) {
    const state = this.state;
    if (!state) { this._pending.push(patch); return; }
    if (patch.v <= state.v) return;                       // already have it
    if (patch.v !== state.v + 1) { this.refetch(); return; } // missed one: take the full state
    const before = structuredClone({ timer: state.timer, queue: state.queue, round: state.round, room: state.room, votes: state.votes });
    state.v = patch.v;
    for (const key of ['room', 'phases', 'timer', 'participants', 'queue', 'round', 'chair', 'decisions', 'actions', 'votes']) {
      if (patch[key] !== undefined) state[key] = patch[key];
    }
    if (patch.roundCleared) state.round = null;
    if (patch.chair) state.me.isChair = patch.chair.actingChairId === state.me.userId;
    this.handlers.onPatch?.(state, before, patch);
  }
}
