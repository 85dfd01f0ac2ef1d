// A notes participant for integration tests: the real @microsoft/signalr client in node with Yjs, speaking the notes
// protocol through the SAME provider as the browser editor (src/CaseHub.Web/client/yjs-signalr-provider.js).
//
// Usage: node tests/tools/notes-client.mjs '<json>'   (or the JSON on stdin, or @file.json)
// {
//   "hubUrl": "http://127.0.0.1:5000/hubs/room",    required
//   "cookie": ".AspNetCore.Identity.Application=…",   optional, sent with negotiate and the WebSocket
//   "docKey": "room:<guid>:notes",                    required
//   "user": { "name": "Alice", "color": "#1f77b4" },  optional, shared as awareness (like the editor)
//   "readOnly": false,                                optional: never send edits
//   "before": [{ "method": "JoinRoom", "args": ["<guid>"] }],  optional, invoked before every NotesOpen
//   "reconnectDelaysMs": [0, 500, 1000, 1000, …],     optional automatic-reconnect schedule (default: retry every second, forever)
//   "timeoutMs": 30000,                               default time limit of every wait* op
//   "ops": [ … ]                                      run in order
// }
// Ops:
//   { "op": "waitSynced" }                    first NotesOpen exchange done (implied before the first edit)
//   { "op": "insert", "text": "…", "at": 3 }  at: index, or omitted / "end"; one Yjs update
//   { "op": "type", "text": "…", "at": 3, "delayMs": 10 }   one update per character, like keystrokes
//   { "op": "delete", "at": 0, "length": 2 }
//   { "op": "wait", "ms": 200 }
//   { "op": "offline" }                       stops the connection (edits go on, kept locally)
//   { "op": "online" }                        starts it again; the provider runs the exchange
//   { "op": "drop" }                          kills the socket without a goodbye (automatic reconnect kicks in)
//   { "op": "waitFor", "contains": "X" }      until the text contains X   ("equals" also accepted)
//   { "op": "waitForStatus", "status": "connected" | "offline" | "syncing" }
//   { "op": "waitForPeer", "name": "Bob" }    until a peer with that name is in the awareness states
//   { "op": "flush" }                         until the server answered every local edit
//   { "op": "waitForError", "refused": true } until an error is reported (refused: the server keeps refusing our edits)
//   { "op": "invoke", "method": "…", "args": [] }
//   { "op": "print", "label": "…" }           prints {"event":"print", label, text, status}
// Output: one JSON object per line; the last is
//   {"event":"done","text":…,"status":…,"stateVector":b64,"clientId":n,"errors":[…],"peers":[names],"flushed":bool}
// Exit code 1 (with {"event":"failed",…}) when an op fails or times out.

import * as signalR from '@microsoft/signalr'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { toBase64 } from 'lib0/buffer'
import { readConfig } from './read-config.mjs'
import { SignalRNotesProvider } from '../../src/CaseHub.Web/client/yjs-signalr-provider.js'

const out = (o) => new Promise(resolve => process.stdout.write(JSON.stringify(o) + '\n', resolve))

const cfg = await readConfig()
const timeoutMs = cfg.timeoutMs ?? 30_000
const errors = []

const stderrLogger = {
  log (level, message) {
    if (level >= signalR.LogLevel.Warning) process.stderr.write(`[signalr ${signalR.LogLevel[level]}] ${message}\n`)
  }
}

const delays = cfg.reconnectDelaysMs
const connection = new signalR.HubConnectionBuilder()
  .withUrl(cfg.hubUrl, { headers: cfg.cookie ? { Cookie: cfg.cookie } : {} })
  .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => delays ? (delays[ctx.previousRetryCount] ?? null) : 1000 })
  .configureLogging(stderrLogger)
  .build()

// Like a well-behaved page: when the connection closes for good (automatic reconnect gave up, or the server closed it
// without allowing a reconnect), start it again until it works. The provider notices the restart by itself.
let manualStop = false
let finished = false
connection.onclose(async () => {
  while (!manualStop && !finished && connection.state === signalR.HubConnectionState.Disconnected) {
    await new Promise(resolve => setTimeout(resolve, 1000))
    if (manualStop || finished) return
    try { await connection.start() } catch { /* still down */ }
  }
})

const doc = new Y.Doc()
const text = doc.getText('notes')
const awareness = new Awareness(doc)
if (!cfg.readOnly) awareness.setLocalStateField('user', { name: cfg.user?.name ?? 'node', color: cfg.user?.color ?? '#393b79' })

const statusesSeen = new Set()
const provider = new SignalRNotesProvider({
  connection,
  docKey: cfg.docKey,
  doc,
  awareness,
  readOnly: !!cfg.readOnly,
  resyncIntervalMs: 0,
  beforeSync: cfg.before?.length
    ? async () => { for (const b of cfg.before) await connection.invoke(b.method, ...(b.args ?? [])) }
    : null,
  onStatus: status => { statusesSeen.add(status); return out({ event: 'status', status }) },
  onError: ({ kind, error, refused }) => {
    const e = { kind, refused, message: String(error?.message ?? error) }
    errors.push(e)
    out({ event: 'error', ...e })
  }
})

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

async function until (what, test, ms = timeoutMs) {
  const end = Date.now() + ms
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (text: ${JSON.stringify(text.toString())}, status: ${provider.status})`)
    await sleep(20)
  }
}

const position = (at) => at === undefined || at === 'end' ? text.length : Math.max(0, Math.min(at, text.length))
const peers = () => [...awareness.getStates().entries()].filter(([id]) => id !== doc.clientID).map(([, s]) => s.user?.name).filter(Boolean)

let synced = false
const ensureSynced = async () => {
  if (synced) return
  await Promise.race([provider.whenSynced(), sleep(timeoutMs).then(() => { throw new Error('timed out waiting for the first sync') })])
  synced = true
}

const ops = {
  waitSynced: ensureSynced,
  async insert (o) { await ensureSynced(); text.insert(position(o.at), o.text) },
  async type (o) {
    await ensureSynced()
    // The cursor is a relative position, as in the editor: text others insert meanwhile moves it along.
    let cursor = Y.createRelativePositionFromTypeIndex(text, position(o.at))
    for (const ch of o.text) {
      const at = Y.createAbsolutePositionFromRelativePosition(cursor, doc)?.index ?? text.length
      text.insert(at, ch)
      cursor = Y.createRelativePositionFromTypeIndex(text, at + 1)
      if (o.delayMs) await sleep(o.delayMs)
    }
  },
  async delete (o) { await ensureSynced(); const at = position(o.at); text.delete(at, Math.min(o.length ?? 1, text.length - at)) },
  wait: (o) => sleep(o.ms ?? 0),
  offline: () => { statusesSeen.clear(); manualStop = true; return connection.stop() },
  async online () {
    statusesSeen.clear()
    manualStop = false
    await connection.start()
    await provider.sync()
  },
  async drop () {
    statusesSeen.clear()
    // Internals of @microsoft/signalr: the only way to lose the socket without a clean close, like a network cut.
    const ws = connection.connection?.transport?._webSocket
    if (!ws) throw new Error('no WebSocket to drop (transport is not WebSockets)')
    if (typeof ws.terminate === 'function') ws.terminate()
    else ws.close()
  },
  waitFor: (o) => o.length !== undefined
    ? until(`text of at least ${o.length} characters`, () => text.length >= o.length, o.timeoutMs)
    : until(`text ${o.contains !== undefined ? 'containing' : 'equal to'} ${JSON.stringify(o.contains ?? o.equals)}`,
      () => o.contains !== undefined ? text.toString().includes(o.contains) : text.toString() === o.equals, o.timeoutMs),
  // A status passed through since the previous waitForStatus counts: a short outage may be over before this op runs
  // (a loaded machine restarts the server faster than it schedules this script).
  async waitForStatus (o) {
    await until(`status ${o.status}`, () => provider.status === o.status || statusesSeen.has(o.status), o.timeoutMs)
    statusesSeen.clear()
  },
  waitForPeer: (o) => until(`peer ${o.name}`, () => peers().includes(o.name), o.timeoutMs),
  waitForError: (o) => until(`an error${o.refused ? ' (refused)' : ''}`, () => errors.some(e => !o.refused || e.refused), o.timeoutMs),
  async flush (o) {
    // Until the server has everything: if the connection is down, wait for the exchange that follows the reconnect.
    const end = Date.now() + (o?.timeoutMs ?? timeoutMs)
    while (!(provider.status === 'connected' && await provider.flush())) {
      if (Date.now() > end) throw new Error(`flush timed out (status ${provider.status})`)
      await sleep(50)
    }
  },
  invoke: (o) => connection.invoke(o.method, ...(o.args ?? [])),
  print: (o) => out({ event: 'print', label: o.label ?? null, text: text.toString(), status: provider.status })
}

let exitCode = 0
try {
  await connection.start()
  provider.start()
  for (const o of cfg.ops ?? []) {
    const run = ops[o.op]
    if (!run) throw new Error(`unknown op ${o.op}`)
    await run(o)
  }
  // Leave nothing behind: what was typed reaches the server before we report (unless we were left offline).
  const flushed = connection.state === signalR.HubConnectionState.Connected && provider.status === 'connected' ? await provider.flush() : false
  await out({
    event: 'done',
    text: text.toString(),
    status: provider.status,
    stateVector: toBase64(Y.encodeStateVector(doc)),
    clientId: doc.clientID,
    errors,
    peers: peers(),
    flushed
  })
} catch (error) {
  exitCode = 1
  await out({ event: 'failed', message: String(error?.message ?? error), text: text.toString(), status: provider.status, errors })
  process.stderr.write(`notes-client failed: ${error?.stack ?? error}\n`)
} finally {
  finished = true
  provider.destroy()
  awareness.destroy()
  await connection.stop().catch(() => {})
}
process.exit(exitCode)
