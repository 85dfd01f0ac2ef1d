// The Yjs engine the server runs inside Jint (see YjsEngine.cs). Pure functions over Uint8Array (Yjs update format v1):
// no state survives a call, so one interpreter can serve any document.
import './polyfills.js'
import * as Y from 'yjs'

const emptyStateVector = new Uint8Array([0])

/** Applies updates to a fresh doc: integrates them, drops deleted content (gc) and keeps what cannot integrate yet (pending). */
const load = (updates) => {
  const doc = new Y.Doc({ gc: true })
  Y.transact(doc, () => {
    for (const u of updates) Y.applyUpdate(doc, u)
  })
  return doc
}

globalThis.YEngine = {
  /** Y.mergeUpdates: one update equivalent to all of them (no garbage collection). */
  merge: (updates) => Y.mergeUpdates(updates),

  /** What a peer at `stateVector` lacks from `update` (the full delete set is always included). */
  diff: (update, stateVector) => Y.diffUpdate(update, stateVector ?? emptyStateVector),

  stateVector: (update) => Y.encodeStateVectorFromUpdate(update),

  text: (update, field) => load([update]).getText(field).toString(),

  /**
   * Compaction: the doc state of all updates as one update (deleted content garbage-collected, pending parts kept)
   * plus the text of `field`.
   */
  compact: (updates, field) => {
    const doc = load(updates)
    return { update: Y.encodeStateAsUpdate(doc), text: doc.getText(field).toString() }
  },

  /**
   * NotesOpen in one pass: what a client at `stateVector` lacks (with the full delete set, which state vectors do not
   * cover) and the server's state vector (integrated structs only, so it never claims more than the server has).
   */
  open: (updates, stateVector) => {
    const doc = load(updates)
    return { update: Y.encodeStateAsUpdate(doc, stateVector ?? emptyStateVector), stateVector: Y.encodeStateVector(doc) }
  },

  /**
   * Throws unless `update` is a well-formed Yjs v1 update: every struct and the delete set decode, clocks are sane and
   * a state vector can be read from it. With `field`, it must also be plain text edits of that one Y.Text (what a text
   * editor produces): no other root type, no embedded values, nested types or sub-documents.
   * A state-dependent problem (an update that does not fit the document) cannot be seen here; Yjs keeps such parts
   * pending instead of failing. Returns the number of structs.
   */
  validate: (update, field) => {
    const { structs } = Y.decodeUpdate(update)
    for (const s of structs) {
      if (!(s.id.clock >= 0) || !(s.length >= 0) || !Number.isSafeInteger(s.id.clock + s.length)) throw new Error('bad struct range')
      if (field != null && s instanceof Y.Item) {
        if (typeof s.parent === 'string' && s.parent !== field) throw new Error('edit outside the text')
        if (s.parentSub != null) throw new Error('map entry in a text')
        if (!(s.content instanceof Y.ContentString || s.content instanceof Y.ContentDeleted)) throw new Error('content that is not text')
      }
    }
    Y.encodeStateVectorFromUpdate(update)
    return structs.length
  }
}
