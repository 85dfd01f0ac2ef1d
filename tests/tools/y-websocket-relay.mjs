// The baseline of the notes benchmark: the reference Yjs relay of npm @y/websocket-server (the server half of
// y-websocket), unchanged — it keeps each room's Y.Doc in memory, applies every update and relays it to the room.
// Usage: node tests/tools/y-websocket-relay.mjs <port>   prints "READY <port>" once listening on 127.0.0.1.
import http from 'node:http'
import WebSocket from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'

const port = Number(process.argv[2] ?? 0)
const wss = new WebSocket.Server({ noServer: true })
wss.on('connection', setupWSConnection)
const server = http.createServer((_req, res) => { res.writeHead(200); res.end('okay') })
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, ws => wss.emit('connection', ws, req)))
server.listen(port, '127.0.0.1', () => console.log(`READY ${server.address().port}`))
