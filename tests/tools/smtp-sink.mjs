// A real SMTP server on loopback for the tests (npm smtp-server). Each accepted message is written to
// <dir>/<n>.eml with its envelope in <dir>/<n>.json; files appear atomically (written, then renamed).
// Usage: node smtp-sink.mjs <port> <dir>     Prints "READY <port>" once listening.
import { SMTPServer } from 'smtp-server';
import fs from 'node:fs';
import path from 'node:path';

const port = Number(process.argv[2] ?? 2525);
const dir = process.argv[3] ?? './mail-sink';
fs.mkdirSync(dir, { recursive: true });
let counter = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).length;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 25 * 1024 * 1024,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const n = String(++counter).padStart(6, '0');
      const envelope = {
        from: session.envelope.mailFrom && session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
      };
      const base = path.join(dir, n);
      fs.writeFileSync(base + '.json.tmp', JSON.stringify(envelope));
      fs.writeFileSync(base + '.eml.tmp', Buffer.concat(chunks));
      fs.renameSync(base + '.json.tmp', base + '.json');
      fs.renameSync(base + '.eml.tmp', base + '.eml');
      callback();
    });
  },
});
server.on('error', (e) => { console.error('SMTP sink error', e.message); });
server.listen(port, '127.0.0.1', () => { console.log(`READY ${port}`); });
process.on('SIGTERM', () => server.close(() => process.exit(0)));
