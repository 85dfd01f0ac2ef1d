// Immersion debrief page: the shared debrief and the private notes, edited live through the room hub's notes methods
// (authorised server-side by ImmersionNotesAccess for the "immersion:" key prefix).
import * as signalR from '/lib/signalr.js';
import { mountNotesEditor } from '/lib/notes-editor.js';

const root = document.getElementById('imm-debrief');
const labels = JSON.parse(document.getElementById('notes-texts').textContent);
const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/room').withAutomaticReconnect().build();

function colorFor(id) {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h}, 65%, 42%)`;
}

async function start() {
  try {
    await connection.start();
  } catch {
    // the editors watch the connection and sync as soon as it is up
  }
  for (const host of root.querySelectorAll('.imm-notes')) {
    const status = root.querySelector(`[data-status-for="${host.dataset.status}"]`);
    mountNotesEditor(host, {
      connection,
      docKey: host.dataset.docKey,
      readOnly: host.dataset.readOnly === 'true',
      user: { id: root.dataset.me, name: root.dataset.myName, color: colorFor(root.dataset.me) },
      labels,
      onStatus: (s, label) => { if (status) status.textContent = label ?? s; },
      onError: (message) => { if (status) status.textContent = message; },
    });
  }
}

start();
