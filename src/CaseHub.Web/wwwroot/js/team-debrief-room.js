// Immersion team debrief room: keeps the "gathered debriefs" panel current while visitors edit their shared debriefs.
// The server renders the panel (same Razor partial and Markdown sanitising as the page); this module only asks for it
// again when the room (re)joins, on the refresh button, and every half minute while the meeting is live and the tab is
// visible. Asking beats a server push here: a shared debrief is a notes document edited keystroke by keystroke, and a
// reader only needs it fresh within the minute, so no notes change has to know which rooms show it.
const root = document.getElementById('room');
const panel = document.getElementById('team-debrief-panel');
const list = panel.querySelector('[data-gathered-list]');
const count = panel.querySelector('[data-gathered-count]');
const status = panel.querySelector('[data-gathered-status]');
const button = document.getElementById('refresh-gathered');
const EVERY_MS = 30000;
let busy = false;

async function refresh(byHand) {
  if (busy) return;
  busy = true;
  button.disabled = true;
  try {
    const response = await fetch(panel.dataset.gatheredUrl, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'text/html' } });
    if (!response.ok) throw new Error(String(response.status));
    const fragment = new DOMParser().parseFromString(`<div>${await response.text()}</div>`, 'text/html').body.firstElementChild;
    list.replaceChildren(...fragment.children);
    count.textContent = String(list.querySelectorAll('article').length);
    panel.dataset.refreshedAt = new Date().toISOString();
    if (byHand) status.textContent = panel.dataset.textUpdated;
  } catch {
    status.textContent = panel.dataset.textFailed;
  } finally {
    busy = false;
    button.disabled = false;
  }
}

button.addEventListener('click', () => refresh(true));
// room.js dispatches room:joined after the first join and after every reconnect (state is re-synchronised then), and
// room:change with the room state after every change: this panel needs no connection of its own.
let live = false;
root.addEventListener('room:joined', (e) => { live = e.detail?.room?.status === 'Live'; refresh(false); });
root.addEventListener('room:change', (e) => { live = e.detail?.room?.status === 'Live'; });
setInterval(() => {
  if (live && document.visibilityState === 'visible') refresh(false);
}, EVERY_MS);
