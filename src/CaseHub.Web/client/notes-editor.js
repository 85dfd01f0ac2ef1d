// Live shared Markdown notes: CodeMirror 6 bound to a Yjs text, kept in step with the server over SignalR
// (yjs-signalr-provider.js), with remote cursors and an IndexedDB copy so offline edits survive a page reload.
// Built into wwwroot/lib/notes-editor.js by `npm run vendor`.
//
//   import { mountNotesEditor } from '/lib/notes-editor.js'
//   const editor = mountNotesEditor(element, { connection, docKey, user: { id, name, color }, labels, onStatus })
//
// CSP: no inline style anywhere. CodeMirror's style sheets carry the nonce of <meta name="csp-nonce">.
// Labels, the hub contract and the limits: src/CaseHub.Core/Notes/README.md.

import { EditorView, keymap, placeholder as placeholderExt, drawSelection, highlightSpecialChars, dropCursor } from '@codemirror/view'
import { EditorState, Compartment, Prec } from '@codemirror/state'
import { defaultKeymap } from '@codemirror/commands'
import { syntaxHighlighting, defaultHighlightStyle, indentOnInput, LanguageSupport } from '@codemirror/language'
import { markdownLanguage, markdownKeymap } from '@codemirror/lang-markdown'
import * as Y from 'yjs'
import { yCollab, yUndoManagerKeymap, ySyncAnnotation } from 'y-codemirror.next'
import { Awareness } from 'y-protocols/awareness'
import { IndexeddbPersistence } from 'y-indexeddb'
import { SignalRNotesProvider } from './yjs-signalr-provider.js'
import { remoteSelections, safeColor } from './remote-selections.js'

export { SignalRNotesProvider } from './yjs-signalr-provider.js'

/** Name of the Y.Text every notes document holds (NotesService.TextField on the server). */
export const TEXT_FIELD = 'notes'

/** English fallbacks; the page passes the user's language (keys Notes.Status.* / Notes.Error.* / Notes.Editor.*). */
const defaultLabels = {
  connected: 'Connected',
  syncing: 'Syncing…',
  offline: 'Offline (your edits are kept)',
  readOnly: 'Read only',
  tooLarge: 'Change too large: it was not saved. Paste the text in several parts.',
  unavailable: 'The notes cannot be loaded right now. Trying again in a few seconds…',
  reloaded: 'The server refused your last change; the notes have been reloaded.',
  label: 'Shared notes (Markdown)',
  placeholder: '',
  anonymous: 'Participant'
}

/** The same labels by text-catalogue key (notes.texts.json): a page may pass its catalogue as it is. */
const labelKeys = {
  connected: 'Notes.Status.Connected',
  syncing: 'Notes.Status.Syncing',
  offline: 'Notes.Status.Offline',
  readOnly: 'Notes.Status.ReadOnly',
  tooLarge: 'Notes.Error.TooLarge',
  unavailable: 'Notes.Error.Unavailable',
  reloaded: 'Notes.Error.Reloaded',
  label: 'Notes.Editor.Label',
  placeholder: 'Notes.Editor.Placeholder',
  anonymous: 'Notes.Editor.Anonymous'
}

/** Largest update the server accepts, in KB ({0} of Notes.Error.TooLarge). */
const serverLimitKb = 256

const storagePrefix = 'casehub-notes:'

function cspNonce (doc) {
  return doc.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? ''
}

function utf8Length (text) {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : (c >= 0xd800 && c < 0xdc00) ? (i++, 4) : 3
  }
  return n
}

/**
 * Mounts the editor in `element` (emptied first).
 * @param {HTMLElement} element
 * @param {object} o
 * @param {object} o.connection the page's room connection link (RoomConnection.notesLink() in wwwroot/js/room-client.js),
 *        started (or starting) by the page; the editor never stops it
 * @param {string} o.docKey e.g. "room:{guid}:notes"
 * @param {{ id?: string, name: string, color?: string }} o.user shown to others next to your cursor (color: #rrggbb, #rgb or
 *        hsl(h, s%, l%)); id keeps offline copies apart per user on a shared browser
 * @param {boolean} [o.readOnly] observers: see everything live, change nothing
 * @param {Record<string, string>} [o.labels] localized texts, by name (connected, syncing, …) or by catalogue key (Notes.Status.Connected, …)
 * @param {(status: 'syncing'|'connected'|'offline', label: string) => void} [o.onStatus]
 * @param {(message: string, error?: any) => void} [o.onError] a message for the user (already localized via labels)
 * @param {boolean} [o.offlineStorage] keep a copy in IndexedDB (default true unless readOnly)
 * @param {number} [o.maxInsertBytes] larger pastes are refused locally (the server refuses updates over 256 KB)
 * @param {() => Promise<void>} [o.beforeSync] awaited before each NotesOpen
 * @returns {{ destroy(): void, getText(): string, whenSynced(): Promise<void>, setReadOnly(readOnly: boolean): void, readonly status: string }}
 */
export function mountNotesEditor (element, {
  connection,
  docKey,
  user = { name: '' },
  readOnly = false,
  labels = {},
  onStatus = () => {},
  onError = () => {},
  offlineStorage = !readOnly,
  maxInsertBytes = 200 * 1024,
  beforeSync = null
}) {
  const text = {}
  for (const [name, fallback] of Object.entries(defaultLabels)) {
    text[name] = String(labels[name] ?? labels[labelKeys[name]] ?? fallback).replace('{0}', String(serverLimitKb))
  }
  const storageName = `${storagePrefix}${docKey}:${user.id ?? ''}`
  let session = null
  let destroyed = false
  let ro = readOnly
  let synced = null
  const syncedOnce = new Promise(resolve => { synced = resolve })

  const report = (status) => {
    element.dataset.notesStatus = status
    onStatus(status, text[status] ?? status)
  }

  function start () {
    const doc = new Y.Doc()
    const ytext = doc.getText(TEXT_FIELD)
    const awareness = new Awareness(doc)
    if (ro) awareness.setLocalState(null)
    else awareness.setLocalStateField('user', { name: user.name || text.anonymous, color: safeColor(user.color, doc.clientID) })

    const editable = new Compartment()
    const undoManager = new Y.UndoManager(ytext)
    const guard = EditorState.transactionFilter.of(tr => {
      if (!tr.docChanged || tr.annotation(ySyncAnnotation) != null) return tr
      let bytes = 0
      tr.changes.iterChanges((fromA, toA, fromB, toB, inserted) => { bytes += utf8Length(inserted.toString()) })
      if (bytes <= maxInsertBytes) return tr
      onError(text.tooLarge)
      return []
    })
    const editableExt = (readOnlyNow) => EditorState.readOnly.of(readOnlyNow)

    element.replaceChildren()
    const view = new EditorView({
      parent: element,
      state: EditorState.create({
        doc: ytext.toString(),
        extensions: [
          EditorView.cspNonce.of(cspNonce(element.ownerDocument)),
          highlightSpecialChars(),
          drawSelection(),
          dropCursor(),
          indentOnInput(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          // Markdown (GFM) without markdown()'s embedded HTML support: the server renders with raw HTML disabled anyway,
          // and it would add 150 KB of HTML/CSS/JavaScript parsers.
          new LanguageSupport(markdownLanguage),
          Prec.high(keymap.of(markdownKeymap)),
          EditorView.lineWrapping,
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          EditorView.contentAttributes.of({ 'aria-label': text.label, 'aria-multiline': 'true', tabindex: '0' }), // tabindex: axe then sees the scrolling editor as keyboard-reachable (it already is, as contenteditable)
          text.placeholder ? placeholderExt(text.placeholder) : [],
          EditorView.theme({
            '&': { minHeight: '12rem', border: '1px solid #8a8a8a', borderRadius: '4px', backgroundColor: '#fff' },
            '&.cm-focused': { outline: '2px solid #1a5fb4', outlineOffset: '1px' },
            '.cm-scroller': { fontFamily: 'inherit', lineHeight: '1.5' },
            '.cm-content': { padding: '0.5rem 0.25rem' }
          }),
          editable.of(editableExt(ro)),
          guard,
          // Remote cursors come from our CSP-safe plugin, so y-codemirror.next gets no awareness here.
          yCollab(ytext, null, { undoManager }),
          remoteSelections(ytext, awareness, { anonymous: text.anonymous })
        ]
      })
    })

    let persistence = null
    if (offlineStorage && !ro) {
      try {
        persistence = new IndexeddbPersistence(storageName, doc)
        persistence._db.catch(() => {}) // no IndexedDB (private mode): work online only
      } catch {
        persistence = null
      }
    }

    const provider = new SignalRNotesProvider({
      connection,
      docKey,
      doc,
      awareness,
      readOnly: ro,
      beforeSync,
      onStatus: report,
      onError: ({ kind, error, refused }) => {
        if (refused) {
          // The server keeps refusing what this copy holds: it can no longer be shared. Start again from the
          // server's copy (dropping the refused change and the offline copy holding it).
          onError(text.reloaded, error)
          restart()
        } else if (kind === 'open') {
          onError(text.unavailable, error)
        } else if (kind === 'push') {
          onError(String(error?.message ?? '').replace(/^.*HubException: /, '') || text.tooLarge, error)
        }
      }
    })

    // Load the offline copy first so the first exchange already sends offline edits (and does not push them twice).
    const localLoaded = persistence
      ? Promise.race([persistence.whenSynced, persistence._db.then(() => new Promise(() => {}), () => null), new Promise(resolve => setTimeout(resolve, 3000))])
      : Promise.resolve()
    report('syncing')
    localLoaded.then(() => {
      if (session?.doc !== doc) return
      provider.start().then(() => synced())
    })

    return {
      doc,
      view,
      provider,
      awareness,
      editable,
      editableExt,
      persistence,
      async destroy ({ clearStorage = false } = {}) {
        provider.destroy()
        awareness.destroy()
        undoManager.destroy()
        view.destroy()
        if (persistence) {
          if (clearStorage) await persistence.clearData().catch(() => {})
          else await persistence.destroy().catch(() => {})
        }
        doc.destroy()
      }
    }
  }

  function restart () {
    const old = session
    session = null
    old.destroy({ clearStorage: true }).then(() => {
      if (!destroyed) session = start()
    })
  }

  session = start()

  return {
    get status () { return session?.provider.status ?? 'offline' },
    getText () { return session ? session.doc.getText(TEXT_FIELD).toString() : '' },
    whenSynced () { return syncedOnce },
    setReadOnly (value) {
      ro = !!value
      if (!session) return
      session.provider.readOnly = ro
      session.view.dispatch({ effects: session.editable.reconfigure(session.editableExt(ro)) })
      if (ro) session.awareness.setLocalState(null)
      else {
        session.awareness.setLocalStateField('user', { name: user.name || text.anonymous, color: safeColor(user.color, session.doc.clientID) })
        session.provider.sync()
      }
    },
    destroy () {
      destroyed = true
      session?.destroy()
      session = null
      element.replaceChildren()
    }
  }
}

/** Deletes every offline copy of notes in this browser (call at sign-out on shared computers). */
export async function clearOfflineNotes () {
  if (typeof indexedDB === 'undefined' || !indexedDB.databases) return
  for (const db of await indexedDB.databases()) {
    if (db.name?.startsWith(storagePrefix)) indexedDB.deleteDatabase(db.name)
  }
}
