// Real Yjs for the notes tests (tests/CaseHub.Core.Tests/Notes). Reads one JSON request on stdin, prints one JSON answer.
// Updates and state vectors travel as base64 (Yjs update format v1).
//   { "op": "scenario" }                          -> { updates: [{ data, origin }], text, clients }
//       Concurrent edits at the same position, an offline client with many edits (including deletions of others' text),
//       a delete-only offline session and causal follow-ups. `text` is what Yjs makes of all updates.
//   { "op": "text", "updates": [b64] }            -> { text }          apply all to a fresh doc
//   { "op": "stateVector", "updates": [b64] }     -> { stateVector }   of a doc holding these updates
//   { "op": "applyDiff", "updates": [b64], "diff": b64 } -> { text, structsBelowStateVector }
//       a client holding `updates` applies the server's `diff`; also counts structs in `diff` the client already had
//   { "op": "hostile", "kind": "..." }            -> { update }  well-formed but unwelcome updates (see below)
//   { "op": "insert", "text": "...", "repeat": n } -> { update }  one insertion (of text repeated n times) in a new doc

import * as Y from 'yjs'
import { toBase64, fromBase64 } from 'lib0/buffer'
import * as encoding from 'lib0/encoding'

const input = JSON.parse(await new Promise(resolve => {
  let s = ''
  process.stdin.setEncoding('utf8')
  process.stdin.on('data', d => { s += d })
  process.stdin.on('end', () => resolve(s))
}))

const load = (updates) => {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, fromBase64(u))
  return doc
}

const ops = {
  scenario () {
    const out = []
    const track = (doc, name) => doc.on('update', (u, origin) => { if (origin !== 'sync') out.push({ data: toBase64(u), origin: name }) })
    const sync = (a, b) => {
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'sync')
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'sync')
    }
    const alice = new Y.Doc(); const bob = new Y.Doc(); const carol = new Y.Doc(); const dave = new Y.Doc()
    track(alice, 'alice'); track(bob, 'bob'); track(dave, 'dave')
    const ta = alice.getText('notes'); const tb = bob.getText('notes'); const tc = carol.getText('notes'); const td = dave.getText('notes')

    ta.insert(0, '# Concertation\n\nDécisions :\n')
    sync(alice, bob); sync(alice, carol); sync(alice, dave)

    // Same position, same moment: both keystroke streams must survive, in one order.
    const at = ta.toString().indexOf('Décisions')
    for (const ch of 'Alice tape ici. ') ta.insert(at + 0, ch) // typed backwards at one spot: many tiny updates
    for (const [i, ch] of [...'Bob aussi. '].entries()) tb.insert(at + i, ch)

    // Carol goes offline and edits a lot: her log is sent as ONE update by the state-vector exchange.
    for (let i = 0; i < 300; i++) {
      if (i % 7 === 6) tc.delete(Math.max(0, tc.length - 3), 2)
      else tc.insert(tc.length, String.fromCharCode(97 + (i % 26)))
    }
    tc.delete(0, 2) // deletes part of Alice's title while offline
    tc.insert(0, '## ')

    // Dave goes offline and only deletes: no new structs, state vector unchanged.
    td.delete(td.toString().indexOf('Concertation'), 'Concer'.length)

    sync(alice, bob)
    ta.insert(ta.length, '- Action : rappeler le CPAS\n') // causal follow-up after seeing Bob
    const serverish = new Y.Doc(); Y.applyUpdate(serverish, Y.encodeStateAsUpdate(alice))
    out.push({ data: toBase64(Y.encodeStateAsUpdate(carol, Y.encodeStateVector(serverish))), origin: 'carol-offline' })
    Y.applyUpdate(serverish, Y.encodeStateAsUpdate(carol))
    out.push({ data: toBase64(Y.encodeStateAsUpdate(dave, Y.encodeStateVector(serverish))), origin: 'dave-offline' })

    const all = load(out.map(u => u.data))
    // Every peer, fully synced, agrees: the expected text is Yjs's own.
    for (const d of [alice, bob, carol, dave]) Y.applyUpdate(d, Y.encodeStateAsUpdate(all))
    const text = all.getText('notes').toString()
    for (const d of [alice, bob, carol, dave]) if (d.getText('notes').toString() !== text) throw new Error('peers disagree')
    return { updates: out, text }
  },

  text: () => ({ text: load(input.updates).getText('notes').toString() }),

  stateVector: () => ({ stateVector: toBase64(Y.encodeStateVector(load(input.updates))) }),

  applyDiff () {
    const doc = load(input.updates)
    const sv = Y.decodeStateVector(Y.encodeStateVector(doc))
    const diff = fromBase64(input.diff)
    let below = 0
    for (const s of Y.decodeUpdate(diff).structs) {
      if (s.constructor === Y.Skip) continue
      if (s.id.clock < (sv.get(s.id.client) ?? 0)) below++
    }
    Y.applyUpdate(doc, diff)
    return { text: doc.getText('notes').toString(), structsBelowStateVector: below }
  },

  hostile () {
    const doc = new Y.Doc()
    switch (input.kind) {
      case 'otherRoot': // writes a Y.Map next to the notes
        doc.getMap('secret').set('x', 'y')
        break
      case 'embed': // an embedded object inside the text
        doc.getText('notes').insertEmbed(0, { image: 'https://example.invalid/pixel.png' })
        break
      case 'deepAny': { // deeply nested JSON in a map value: recursion on decode
        let v = 1
        for (let i = 0; i < 5000; i++) v = [v]
        const enc = encoding.createEncoder()
        // Hand-made v1 update: 1 client, 1 struct, an Item with ContentAny (info 8) under root "notes".
        encoding.writeVarUint(enc, 1) // clients
        encoding.writeVarUint(enc, 1) // structs
        encoding.writeVarUint(enc, 12345) // client
        encoding.writeVarUint(enc, 0) // clock
        encoding.writeUint8(enc, 8) // info: ContentAny, no origins
        encoding.writeVarUint(enc, 1) // parent is a root type name
        encoding.writeVarString(enc, 'notes')
        encoding.writeVarUint(enc, 1) // one value
        encoding.writeAny(enc, v)
        encoding.writeVarUint(enc, 0) // empty delete set
        return { update: toBase64(encoding.toUint8Array(enc)) }
      }
      default:
        throw new Error('unknown kind ' + input.kind)
    }
    return { update: toBase64(Y.encodeStateAsUpdate(doc)) }
  },

  insert () {
    const doc = new Y.Doc()
    doc.getText('notes').insert(0, input.text.repeat(input.repeat ?? 1))
    return { update: toBase64(Y.encodeStateAsUpdate(doc)) }
  }
}

if (!ops[input.op]) throw new Error('unknown op ' + input.op)
process.stdout.write(JSON.stringify(ops[input.op]()))
