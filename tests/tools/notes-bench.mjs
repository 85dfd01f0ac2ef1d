// The notes benchmark's editors (ops/benchmarks.sh, tests/CaseHub.Benchmarks/NotesBench.cs): N Yjs editors in this one
// process edit one shared document at once, either through CaseHub's hub (the browser editor's own provider,
// src/CaseHub.Web/client/yjs-signalr-provider.js, with its default settings) or through a y-websocket relay (npm
// y-websocket's WebsocketProvider against @y/websocket-server). Both sides carry the same Yjs updates.
//
// Usage: node tests/tools/notes-bench.mjs '<json>' (or on stdin)
// {
//   "system": "casehub" | "y-websocket",
//   "editors": [{ "hubUrl": "…/hubs/room", "cookie": "…" }, …]   casehub: one entry per editor (each a room member)
//   "docKey": "room:<guid>:notes",                                 casehub
//   "wsUrl": "ws://127.0.0.1:port", "room": "bench-1",             y-websocket: `editorCount` editors
//   "editorCount": 10, "edits": 20, "intervalMs": [150, 250], "settleMs": 15000, "timeoutMs": 30000
// }
// Every edit inserts a unique marker ⟦editor.edit⟧ plus a word at the end of the editor's text (one Yjs update, like
// a typed word). Latency = from that insert until another editor's document shows the marker (one clock: same
// process). After the last edit every document must contain every marker; the ones missing are lost edits.
// Output (one line): {"event":"done","latencies":[ms…],"lost":n,"converged":bool,"edits":n,"setupMs":n}
// Exit 1 with {"event":"failed","message":…} when a system cannot be set up in time.

import * as signalR from '@microsoft/signalr'
import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { Awareness } from 'y-protocols/awareness'
import { readConfig } from './read-config.mjs'
import { SignalRNotesProvider } from '../../src/CaseHub.Web/client/yjs-signalr-provider.js'

const cfg = await readConfig()
process.setMaxListeners(0) // each y-websocket provider adds an exit listener
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
const now = () => performance.now()
const timeoutMs = cfg.timeoutMs ?? 30_000
const edits = cfg.edits ?? 20
const [minGap, maxGap] = cfg.intervalMs ?? [150, 250]
const MARK = /⟦(\d+)\.(\d+)⟧/g

/** @type {{ doc: Y.Doc, text: Y.Text, whenSynced: Promise<void>, flush: () => Promise<void>, close: () => Promise<void> }[]} */
const editors = []

function casehubEditor (i, e) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(e.hubUrl, { headers: { Cookie: e.cookie }, transport: signalR.HttpTransportType.WebSockets, skipNegotiation: false })
    .configureLogging(signalR.LogLevel.Error)
    .build()
  const doc = new Y.Doc()
  const awareness = new Awareness(doc)
  awareness.setLocalStateField('user', { name: `Editor ${i}`, color: '#1f77b4' })
  const provider = new SignalRNotesProvider({ connection, docKey: cfg.docKey, doc, awareness, resyncIntervalMs: 0 })
  const whenSynced = (async () => { await connection.start(); provider.start(); await provider.whenSynced() })()
  return {
    doc,
    text: doc.getText('notes'),
    whenSynced,
    flush: async () => { await provider.flush() },
    close: async () => { provider.destroy(); awareness.destroy(); await connection.stop().catch(() => {}) }
  }
}

function yWebsocketEditor (i) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(cfg.wsUrl, cfg.room, doc, { WebSocketPolyfill: WebSocket, disableBc: true })
  provider.awareness.setLocalStateField('user', { name: `Editor ${i}`, color: '#1f77b4' })
  const whenSynced = new Promise(resolve => {
    if (provider.synced) resolve()
    else provider.once('sync', synced => synced && resolve())
  })
  return {
    doc,
    // The editor's document field: same name as CaseHub's, so both carry the same updates.
    text: doc.getText('notes'),
    whenSynced,
    flush: async () => {},
    close: async () => { provider.destroy() }
  }
}

const out = o => new Promise(resolve => process.stdout.write(JSON.stringify(o) + '\n', resolve))

try {
  const t0 = now()
  const count = cfg.system === 'casehub' ? cfg.editors.length : (cfg.editorCount ?? 10)
  for (let i = 0; i < count; i++) editors.push(cfg.system === 'casehub' ? casehubEditor(i, cfg.editors[i]) : yWebsocketEditor(i))
  await Promise.race([Promise.all(editors.map(e => e.whenSynced)), sleep(timeoutMs).then(() => { throw new Error('editors not synced in time') })])
  const setupMs = now() - t0

  // sent[author][edit] = time of the local insert; seen[receiver] = markers already counted there.
  const sent = editors.map(() => new Array(edits).fill(0))
  const latencies = []
  editors.forEach((e, receiver) => {
    const seen = new Set()
    e.text.observe(event => {
      const at = now()
      for (const d of event.delta) {
        if (typeof d.insert !== 'string') continue
        for (const m of d.insert.matchAll(MARK)) {
          const author = Number(m[1])
          if (author === receiver || seen.has(m[0])) continue
          seen.add(m[0])
          const t = sent[author]?.[Number(m[2])]
          if (t) latencies.push(at - t)
        }
      }
    })
  })

  // Everyone edits at once, each at a typing rhythm (a word every 150–250 ms: the browser provider's 100 ms push
  // throttle then sends each edit at once, as y-websocket does).
  await Promise.all(editors.map(async (e, i) => {
    await sleep(Math.random() * maxGap)
    for (let k = 0; k < edits; k++) {
      sent[i][k] = now()
      e.text.insert(e.text.length, `⟦${i}.${k}⟧mot `)
      await sleep(minGap + Math.random() * (maxGap - minGap))
    }
  }))
  await Promise.all(editors.map(e => e.flush()))

  // Every document must end with every edit; wait for the stragglers, then count what is missing.
  const all = editors.length * edits
  const markers = text => new Set([...text.toString().matchAll(MARK)].map(m => m[0])).size
  // Wait while edits keep arriving (a loaded server may lag behind); give up after settleMs without progress.
  const settle = cfg.settleMs ?? 15_000
  const hardEnd = now() + 4 * settle
  let seen = -1
  let progressAt = now()
  while (now() < hardEnd && now() - progressAt < settle) {
    const total = editors.reduce((sum, e) => sum + markers(e.text), 0)
    if (total >= editors.length * all) break
    if (total !== seen) { seen = total; progressAt = now() }
    await sleep(50)
  }
  const lost = editors.reduce((sum, e) => sum + Math.max(0, all - markers(e.text)), 0)
  const first = editors[0].text.toString()
  const converged = editors.every(e => e.text.toString() === first)
  await out({ event: 'done', latencies: latencies.map(l => Math.round(l * 1000) / 1000), lost, converged, edits: all, setupMs: Math.round(setupMs) })
  await Promise.all(editors.map(e => e.close()))
  process.exit(0)
} catch (error) {
  await out({ event: 'failed', message: String(error?.message ?? error) })
  process.exit(1)
}
