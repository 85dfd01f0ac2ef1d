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

// The main menu. On a phone it folds behind the "Menu" button (aria-expanded says whether it is open); the
// administrator's pages sit in an "Administration" submenu (a <details>). Escape closes what is open and puts the
// focus back on the button that opened it; a click elsewhere closes it too.
const menuToggle = document.querySelector('.menu-toggle');
const mainNav = document.getElementById('main-nav');
function setMenuOpen(open) {
  if (!menuToggle || !mainNav) return;
  menuToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  mainNav.classList.toggle('open', open);
}
menuToggle?.addEventListener('click', () => setMenuOpen(menuToggle.getAttribute('aria-expanded') !== 'true'));
document.addEventListener('click', (e) => {
  for (const d of document.querySelectorAll('details.nav-submenu[open]')) {
    if (!d.contains(e.target) && !mainNav.classList.contains('open')) d.removeAttribute('open');
  }
  if (mainNav?.classList.contains('open') && !mainNav.contains(e.target) && !menuToggle.contains(e.target)) setMenuOpen(false);
});
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || !mainNav) return;
  const submenu = document.activeElement?.closest('details.nav-submenu[open]');
  if (submenu) { submenu.removeAttribute('open'); submenu.querySelector('summary').focus(); return; }
  if (mainNav.classList.contains('open')) {
    const wasInside = mainNav.contains(document.activeElement) || document.activeElement === menuToggle;
    setMenuOpen(false);
    if (wasInside) menuToggle.focus();
  }
  for (const d of document.querySelectorAll('details.nav-submenu[open]')) d.removeAttribute('open');
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
// announce(text): read out by screen readers through the page's polite live region (#live-announcer in _Layout).
// Messages sent in the same moment (a patch can start a phase and give the floor) are read together, not overwritten.
let pending = [];
export function announce(text) {
  const region = document.getElementById('live-announcer');
  if (!region || !text) return;
  if (pending.length === 0) {
    region.textContent = '';
    window.setTimeout(() => { region.textContent = pending.join(' · '); pending = []; }, 50);
  }
  if (!pending.includes(text)) pending.push(text);
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

// A table wider than the screen scrolls inside its .table-wrap: keyboard users must reach that box to scroll it,
// and screen readers need its name (the table's caption or the heading of its section).
function markScrollingTables() {
  for (const wrap of document.querySelectorAll('.table-wrap')) {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls && !wrap.hasAttribute('tabindex')) {
      wrap.tabIndex = 0;
      wrap.dataset.scrollFocus = 'true';
      wrap.setAttribute('role', 'region');
      const name = wrap.querySelector('caption')?.textContent
        ?? wrap.closest('section, .card')?.querySelector('h2, h3')?.textContent
        ?? document.querySelector('main h1')?.textContent;
      if (name) wrap.setAttribute('aria-label', name.trim());
    } else if (!scrolls && wrap.dataset.scrollFocus) {
      wrap.removeAttribute('tabindex');
      wrap.removeAttribute('role');
      wrap.removeAttribute('aria-label');
      delete wrap.dataset.scrollFocus;
    }
  }
}
markScrollingTables();
let resizeTimer = 0;
window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(markScrollingTables, 200); });
