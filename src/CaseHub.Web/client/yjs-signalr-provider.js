// Yjs over SignalR: keeps one Y.Doc in step with the server's copy of a notes document.
// Shared by the browser editor (notes-editor.js) and the node test client (tests/tools/notes-client.mjs), so both
// speak exactly the same protocol:
//   NotesOpen(docKey, stateVectorBase64|null) -> { update, stateVector }   what I lack / what the server has
//   NotesPush(docKey, updateBase64, clientUpdateId)                        one local update (server dedups by id)
//   NotesUpdate(docKey, updateBase64)                                      server -> others: someone's update
//   NotesAwareness(docKey, updateBase64)                                   both ways, never stored
// Nothing is queued while offline: after a (re)connect the state-vector exchange sends whatever the server lacks,
// so edits made offline, or lost with a dropped connection, are never lost and never sent twice in a way that matters
// (Yjs updates are idempotent).

import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { toBase64, fromBase64 } from 'lib0/buffer'
import { uuidv4 } from 'lib0/random'

/** Transaction origin of everything that came from the server. */
export const REMOTE = 'remote'

/** @typedef {'syncing'|'connected'|'offline'} NotesStatus */

const CONNECTED = 'Connected' // HubConnectionState.Connected

export class SignalRNotesProvider {
  /**
   * @param {object} o
   * @param {object} o.connection the page's room connection link (wwwroot/js/room-client.js RoomConnection.notesLink()), or
   *        anything else with a HubConnection's invoke, on/off, state and onreconnecting/onreconnected/onclose (the node
   *        test tool passes its HubConnection); owned by the caller
   * @param {string} o.docKey
   * @param {Y.Doc} o.doc
   * @param {awarenessProtocol.Awareness} [o.awareness] cursors and names (optional)
   * @param {boolean} [o.readOnly] never send edits
   * @param {(status: NotesStatus) => void} [o.onStatus]
   * @param {(e: { kind: 'open'|'push'|'apply', error: any, refused: boolean }) => void} [o.onError]
   *        refused = the server keeps refusing this client's edits: the local doc can no longer be shared as it is
   * @param {() => Promise<void>} [o.beforeSync] awaited before every NotesOpen (e.g. re-join the room's group)
   * @param {number} [o.resyncIntervalMs] safety-net exchange while connected (0 = never)
   * @param {number} [o.pushIntervalMs] local edits within this window go out as one merged NotesPush
   * @param {number} [o.awarenessIntervalMs] cursor moves within this window go out as one NotesAwareness
   */
  constructor ({
    connection, docKey, doc, awareness = null, readOnly = false, onStatus = () => {}, onError = () => {}, beforeSync = null,
    resyncIntervalMs = 300_000, pushIntervalMs = 100, awarenessIntervalMs = 200
  }) {
    this.connection = connection
    this.docKey = docKey
    this.doc = doc
    this.awareness = awareness
    this.readOnly = readOnly
    this._onStatus = onStatus
    this._onError = onError
    this._beforeSync = beforeSync
    this._resyncIntervalMs = resyncIntervalMs
    // Throttles keep a fast typist (2 invocations per keystroke otherwise) well under the hub's rate limit.
    this._pushThrottle = new Throttle(pushIntervalMs, () => this._sendQueued())
    this._awarenessThrottle = new Throttle(awarenessIntervalMs, () => this._sendAwareness())
    this._queued = []
    /** @type {NotesStatus} */
    this.status = 'offline'
    this._live = false // true once an exchange completed on the current connection: local updates go out one by one
    this._destroyed = false
    this._syncing = null
    this._syncAgain = false
    this._failures = 0
    this._timers = new Set()
    this._inflight = new Set()
    this._firstSync = new Promise(resolve => { this._resolveFirstSync = resolve })

    this._onDocUpdate = (update, origin) => {
      if (origin === REMOTE || this.readOnly || !this._live) return
      this._queued.push(update)
      this._pushThrottle.fire()
    }
    this._onRemoteUpdate = (key, data) => {
      if (key !== this.docKey) return
      try {
        Y.applyUpdate(this.doc, fromBase64(data), REMOTE)
      } catch (error) {
        this._onError({ kind: 'apply', error, refused: false })
      }
      // Something this update builds on never reached us (a missed broadcast): ask for it now.
      if (this.doc.store.pendingStructs || this.doc.store.pendingDs) this._later(() => this.sync(), 500)
    }
    this._onRemoteAwareness = (key, data) => {
      if (key !== this.docKey || !this.awareness) return
      try {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, fromBase64(data), REMOTE)
      } catch { /* a peer's bad cursor is not worth an error */ }
    }
    this._onAwarenessUpdate = ({ added, updated, removed }, origin) => {
      if (origin === REMOTE) {
        // Someone new: tell them about us now instead of at our next 15 s renewal.
        if (added.length > 0) this._later(() => this._awarenessThrottle.fire(), 200 + Math.random() * 400)
        return
      }
      if (added.concat(updated, removed).includes(this.doc.clientID)) this._awarenessThrottle.fire()
    }
  }

  /** Registers the handlers and runs the first exchange when connected. Resolves after the first successful exchange. */
  start () {
    const c = this.connection
    this.doc.on('update', this._onDocUpdate)
    c.on('NotesUpdate', this._onRemoteUpdate)
    c.on('NotesAwareness', this._onRemoteAwareness)
    this.awareness?.on('update', this._onAwarenessUpdate)
    // A bare HubConnection has no way to remove these (a room link releases them on destroy): each checks _destroyed.
    c.onreconnecting(() => { if (!this._destroyed) this._offline() })
    c.onreconnected(() => { if (!this._destroyed) this.sync() })
    c.onclose(() => { if (!this._destroyed) { this._offline(); this._watchForRestart() } })
    if (this._resyncIntervalMs > 0) {
      const t = setInterval(() => { if (this.connection.state === CONNECTED) this.sync() }, this._resyncIntervalMs)
      this._timers.add({ clear: () => clearInterval(t) })
    }
    if (c.state === CONNECTED) this.sync()
    else this._watchForRestart()
    return this._firstSync
  }

  /** Resolves once the document has been exchanged with the server at least once. */
  whenSynced () { return this._firstSync }

  /**
   * The NotesOpen exchange: apply what the server has and we lack, then send what we have and it lacks, in one
   * NotesPush. Concurrent calls collapse into one running exchange plus at most one more.
   */
  sync () {
    if (this._destroyed) return Promise.resolve()
    if (this._syncing) {
      this._syncAgain = true
      return this._syncing
    }
    this._syncing = (async () => {
      do {
        this._syncAgain = false
        await this._syncOnce()
      } while (this._syncAgain && !this._destroyed)
    })().finally(() => { this._syncing = null })
    return this._syncing
  }

  async _syncOnce () {
    const c = this.connection
    if (c.state !== CONNECTED) {
      this._offline()
      return
    }
    this._goQuiet()
    this._stopRestartWatch()
    // A background exchange (safety net, gap repair) does not flash "syncing" at the user.
    if (this.status !== 'connected') this._setStatus('syncing')
    let step = 'open'
    try {
      if (this._beforeSync) await this._beforeSync()
      const res = await c.invoke('NotesOpen', this.docKey, toBase64(Y.encodeStateVector(this.doc)))
      if (this._destroyed) return
      const serverUpdate = fromBase64(res.update ?? res.Update)
      const serverStateVector = fromBase64(res.stateVector ?? res.StateVector)
      Y.applyUpdate(this.doc, serverUpdate, REMOTE)
      let missing = null
      if (!this.readOnly) {
        missing = Y.encodeStateAsUpdate(this.doc, serverStateVector)
        if (!hasNews(missing, serverUpdate)) missing = null
      }
      // From here on local edits go out as they come; `missing` covers everything before this line.
      this._live = true
      if (missing) {
        step = 'push'
        await c.invoke('NotesPush', this.docKey, toBase64(missing), uuidv4())
      }
      this._failures = 0
      this._setStatus('connected')
      this._sendAwareness()
      this._resolveFirstSync()
    } catch (error) {
      this._goQuiet()
      if (this._destroyed) return
      if (c.state !== CONNECTED) {
        // The connection dropped mid-exchange: onreconnected / the restart watch runs it again.
        this._offline()
        return
      }
      this._failures++
      this._offline()
      this._onError({ kind: step, error, refused: step === 'push' && this._failures >= 3 })
      if (!(step === 'push' && this._failures >= 3)) this._later(() => this.sync(), Math.min(30_000, 1000 * 2 ** this._failures))
    }
  }

  /** Not live any more: what is queued stays in the doc, and the next exchange sends it with everything else. */
  _goQuiet () {
    this._live = false
    this._queued = []
    this._pushThrottle.cancel()
  }

  _sendQueued () {
    if (!this._live || this._queued.length === 0) return
    const update = this._queued.length === 1 ? this._queued[0] : Y.mergeUpdates(this._queued)
    this._queued = []
    this._push(update)
  }

  _push (update) {
    const sent = this.connection.invoke('NotesPush', this.docKey, toBase64(update), uuidv4()).catch(error => {
      if (this._destroyed) return
      if (this.connection.state !== CONNECTED) {
        this._goQuiet() // the next exchange sends it, with everything typed until then
        return
      }
      // Refused while connected (too large, invalid, or a server error). Later edits build on this one, so
      // sending them alone would only leave orphans on the server: pause, and let the exchange retry everything
      // (it reports a refusal that persists).
      this._goQuiet()
      this._onError({ kind: 'push', error, refused: false })
      this._later(() => this.sync(), 2000)
    })
    this._inflight.add(sent)
    sent.finally(() => this._inflight.delete(sent))
  }

  /**
   * Resolves true when every local edit so far has been answered by the server (stored, or refused and reported);
   * false when offline or an edit was lost with the connection: the next exchange sends them.
   */
  async flush () {
    this._sendQueued()
    for (;;) {
      if (this._syncing) await this._syncing
      if (this._inflight.size === 0 && !this._syncing) return this._live
      await Promise.allSettled([...this._inflight])
    }
  }

  /** Our awareness entry (or its removal: a null state with a newer clock) to the others. */
  _sendAwareness () {
    if (!this.awareness || !this._live || this.connection.state !== CONNECTED) return
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID])
    this.connection.invoke('NotesAwareness', this.docKey, toBase64(update)).catch(() => {})
  }

  _offline () {
    this._goQuiet()
    this._setStatus('offline')
    if (this.awareness) {
      // Others' cursors are stale once we cannot hear them.
      const others = [...this.awareness.getStates().keys()].filter(id => id !== this.doc.clientID)
      if (others.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, others, REMOTE)
    }
  }

  /** After onclose the owner may start the connection again (no event for that): notice it and exchange. */
  _watchForRestart () {
    if (this._restartWatch || this._destroyed) return
    const t = setInterval(() => {
      if (!this._destroyed && this.connection.state === CONNECTED) this.sync()
    }, 1000)
    this._restartWatch = { clear: () => clearInterval(t) }
    this._timers.add(this._restartWatch)
  }

  _stopRestartWatch () {
    if (!this._restartWatch) return
    this._restartWatch.clear()
    this._timers.delete(this._restartWatch)
    this._restartWatch = null
  }

  _later (fn, ms) {
    if (this._destroyed) return
    const entry = { clear: () => clearTimeout(t) }
    const t = setTimeout(() => { this._timers.delete(entry); if (!this._destroyed) fn() }, ms)
    this._timers.add(entry)
  }

  _setStatus (status) {
    if (this.status === status) return
    this.status = status
    this._onStatus(status)
  }

  /** Stops listening; tells peers our cursor is gone. The doc and the connection stay the caller's. */
  destroy () {
    if (this._destroyed) return
    if (this.awareness) {
      this.awareness.off('update', this._onAwarenessUpdate)
      awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'local')
      this._sendAwareness() // now, not throttled: our cursor disappears for the others
    }
    this._destroyed = true
    this._pushThrottle.cancel()
    this._awarenessThrottle.cancel()
    for (const t of this._timers) t.clear()
    this._timers.clear()
    this.doc.off('update', this._onDocUpdate)
    this.connection.off('NotesUpdate', this._onRemoteUpdate)
    this.connection.off('NotesAwareness', this._onRemoteAwareness)
    this.connection.release?.()
  }
}

/** Runs `fn` at once, then at most once per `ms` (trailing call included), however often `fire` is called. */
class Throttle {
  constructor (ms, fn) {
    this.ms = ms
    this.fn = fn
    this.timer = null
    this.again = false
  }

  fire () {
    if (this.ms <= 0) return this.fn()
    if (this.timer) {
      this.again = true
      return
    }
    this.fn()
    this.timer = setTimeout(() => this._tick(), this.ms)
  }

  _tick () {
    this.timer = null
    if (this.again) {
      this.again = false
      this.fire()
    }
  }

  cancel () {
    clearTimeout(this.timer)
    this.timer = null
    this.again = false
  }
}

/**
 * Whether `missing` (what we would send) tells the server anything new. Structs always do. A delete set alone does
 * only if it deletes something the server's delete set (sent in full in `serverUpdate`) does not: deletions do not
 * move state vectors, so this is how an offline "delete only" session is still sent, and an idle reconnect is not.
 */
export function hasNews (missing, serverUpdate) {
  const mine = Y.decodeUpdate(missing)
  if (mine.structs.length > 0) return true
  const theirs = Y.decodeUpdate(serverUpdate).ds.clients
  for (const [client, ranges] of mine.ds.clients) {
    const covering = mergeRanges(theirs.get(client) ?? [])
    for (const r of ranges) {
      if (r.len === 0) continue
      if (!covering.some(c => c.clock <= r.clock && r.clock + r.len <= c.clock + c.len)) return true
    }
  }
  return false
}

function mergeRanges (ranges) {
  const sorted = [...ranges].sort((a, b) => a.clock - b.clock)
  const out = []
  for (const r of sorted) {
    const last = out[out.length - 1]
    if (last && r.clock <= last.clock + last.len) last.len = Math.max(last.len, r.clock + r.len - last.clock)
    else out.push({ clock: r.clock, len: r.len })
  }
  return out
}
