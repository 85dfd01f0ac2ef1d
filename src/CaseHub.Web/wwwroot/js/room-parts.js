// The phone layout of a live page. Its parts (the panels marked data-part="name" data-part-label="…") become tabs in
// the sticky header (the element marked data-parts-tabs, which lists the parts' order in data-parts): one part shows at
// a time, every other one tap away. WAI-ARIA tabs: tablist, tab and tabpanel roles, arrow keys, Home and End, the
// selected tab is the one tab stop. The chosen part stays chosen across the live re-renders and reconnections (the
// panels are never replaced, only their content), across a page merged again in place (call refresh()), and across
// reloads of the same page (sessionStorage). A link to something inside a part (#step) opens that part.
// On wider screens nothing changes: every part shows and no tab role is set.

const PHONE = '(max-width: 700px)';

function remembered(key) {
  try { return window.sessionStorage.getItem(key); } catch { return null; }
}

function remember(key, value) {
  try { window.sessionStorage.setItem(key, value); } catch { /* private mode: kept for this page only */ }
}

/**
 * Turns the parts of `root` into tabs on a phone. Returns { refresh, show }: refresh() after the page's markup was
 * merged again (parts may have come or gone), show(name) to open a part.
 */
export function mountParts(root) {
  const host = root.querySelector('[data-parts-tabs]');
  if (!host) return { refresh() {}, show() {} };
  const media = window.matchMedia(PHONE);
  const key = `casehub.part:${window.location.pathname}`;
  let active = remembered(key);

  /** The parts present now (a feature may hide one), in the order the page lists them. */
  function parts() {
    const byName = new Map([...root.querySelectorAll('[data-part]')].filter((p) => !p.hidden).map((p) => [p.dataset.part, p]));
    const names = (host.dataset.parts ?? '').split(/\s+/).filter((n) => byName.has(n));
    for (const n of byName.keys()) if (!names.includes(n)) names.push(n);
    return names.map((n) => byName.get(n));
  }

  function off(list) {
    root.classList.remove('parts-on');
    host.replaceChildren();
    host.hidden = true;
    host.removeAttribute('role');
    host.removeAttribute('aria-label');
    for (const panel of list) {
      const labelledBy = panel.dataset.partLabelledby;
      if (labelledBy !== undefined) {
        if (labelledBy) panel.setAttribute('aria-labelledby', labelledBy); else panel.removeAttribute('aria-labelledby');
        delete panel.dataset.partLabelledby;
      }
      panel.removeAttribute('role');
      panel.removeAttribute('tabindex');
      panel.removeAttribute('data-part-active');
    }
  }

  function apply() {
    const list = parts();
    if (!media.matches || list.length < 2) { off(list); return; }
    if (!list.some((p) => p.dataset.part === active)) active = list[0].dataset.part;
    root.classList.add('parts-on');
    host.hidden = false;
    host.setAttribute('role', 'tablist');
    host.setAttribute('aria-label', host.dataset.partsLabel ?? '');
    // The tab buttons are kept from one refresh to the next: the one someone is on keeps the focus.
    const existing = new Map([...host.querySelectorAll('[role=tab]')].map((b) => [b.dataset.tab, b]));
    const tabs = list.map((panel) => {
      const name = panel.dataset.part;
      let tab = existing.get(name);
      existing.delete(name);
      if (!tab) {
        tab = document.createElement('button');
        tab.type = 'button';
        tab.className = 'room-tab';
        tab.id = `tab-${name}`;
        tab.dataset.tab = name;
        tab.setAttribute('role', 'tab');
      }
      if (tab.textContent !== panel.dataset.partLabel) tab.textContent = panel.dataset.partLabel ?? name;
      const selected = name === active;
      tab.setAttribute('aria-controls', panel.id);
      tab.setAttribute('aria-selected', selected ? 'true' : 'false');
      tab.tabIndex = selected ? 0 : -1;
      if (panel.dataset.partLabelledby === undefined) panel.dataset.partLabelledby = panel.getAttribute('aria-labelledby') ?? '';
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      panel.tabIndex = 0;
      panel.toggleAttribute('data-part-active', selected);
      return tab;
    });
    for (const gone of existing.values()) gone.remove();
    tabs.forEach((tab, i) => { if (host.children[i] !== tab) host.insertBefore(tab, host.children[i] ?? null); });
    markOverflow();
  }

  /** Tabs that do not fit scroll sideways; a fading edge says there are more on that side. */
  function markOverflow() {
    const more = [];
    if (host.scrollLeft > 1) more.push('start');
    if (host.scrollLeft + host.clientWidth < host.scrollWidth - 1) more.push('end');
    host.dataset.more = more.join(' ');
  }

  function show(name, { focus = false } = {}) {
    active = name;
    remember(key, name);
    apply();
    const tab = host.querySelector(`[data-tab="${CSS.escape(name)}"]`);
    if (!tab) return;
    if (focus) tab.focus();
    tab.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    // The part starts just under the sticky header (not behind it) when the page had scrolled further down.
    const panel = document.getElementById(tab.getAttribute('aria-controls'));
    const header = host.closest('[data-room-bar]') ?? host;
    const gap = panel ? panel.getBoundingClientRect().top - header.getBoundingClientRect().bottom : 0;
    if (gap < 0) window.scrollBy(0, gap - 8);
  }

  host.addEventListener('scroll', markOverflow, { passive: true });
  window.addEventListener('resize', markOverflow);
  host.addEventListener('click', (e) => {
    const tab = e.target.closest('[role=tab]');
    if (tab) show(tab.dataset.tab);
  });
  host.addEventListener('keydown', (e) => {
    const tab = e.target.closest('[role=tab]');
    if (!tab) return;
    const tabs = [...host.querySelectorAll('[role=tab]')];
    const i = tabs.indexOf(tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    show(tabs[(to + tabs.length) % tabs.length].dataset.tab, { focus: true });
  });

  /** A link to something inside a part (the page's #step anchor after a form) opens that part. */
  function followHash() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    const part = target?.closest('[data-part]');
    if (part && root.contains(part)) { active = part.dataset.part; remember(key, active); }
  }

  followHash();
  window.addEventListener('hashchange', () => { followHash(); apply(); });
  media.addEventListener('change', apply);
  apply();
  return { refresh: apply, show };
}
