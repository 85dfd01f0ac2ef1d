// Small progressive enhancements for every page. No inline script anywhere (the CSP forbids it).

// Close the user menu when clicking elsewhere or pressing Escape.
document.addEventListener('click', (e) => {
  for (const d of document.querySelectorAll('details.user-menu[open]')) {
    if (!d.contains(e.target)) d.removeAttribute('open');
  }
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') {
    for (const d of document.querySelectorAll('details.user-menu[open]')) d.removeAttribute('open');
  }
});

// Signing out on a shared computer: drop the offline copies of shared notes kept in this browser first.
document.addEventListener('submit', async (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || form.getAttribute('action') !== '/account/sign-out' || form.dataset.cleared) return;
  let stored = true;
  try { stored = (await indexedDB.databases()).some((d) => d.name?.startsWith('casehub-notes')); } catch { /* unknown: clear to be safe */ }
  if (!stored) return; // nothing to clear: let the form go as is
  e.preventDefault();
  try {
    const { clearOfflineNotes } = await import('/lib/notes-editor.js');
    await clearOfflineNotes();
  } catch { /* nothing stored, or no IndexedDB */ }
  form.dataset.cleared = 'true';
  form.submit();
});

// <form data-confirm="…">: ask before destructive submissions.
document.addEventListener('submit', (e) => {
  const form = e.target;
  const message = form instanceof HTMLFormElement ? (e.submitter?.dataset.confirm ?? form.dataset.confirm) : null;
  if (message && !window.confirm(message)) e.preventDefault();
});

// <time data-local datetime="…">: show instants in the reader's clock (server renders Europe/Brussels as a fallback).
export function announce(text) {
  const region = document.getElementById('live-announcer');
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => { region.textContent = text; }, 50);
}

// <button data-print>: print the page (minutes, lists, rotations have print styles).
document.addEventListener('click', (e) => {
  if (e.target.closest('[data-print]')) window.print();
});

// <input data-filter-target="selector">: hide rows whose text does not contain what is typed.
document.addEventListener('input', (e) => {
  const input = e.target.closest('input[data-filter-target]');
  if (!input) return;
  const q = input.value.trim().toLocaleLowerCase();
  for (const row of document.querySelectorAll(input.dataset.filterTarget)) row.hidden = q !== '' && !row.textContent.toLocaleLowerCase().includes(q);
});
