// People pickers (Pages/Shared/_PeoplePicker.cshtml): the list filters as you type or choose an organisation, a
// service or a role, and the service list follows the organisation. Without this script the filter is a GET form that
// reloads the page. When the server listed only part of the matches (data-more), a change reloads the list instead.
function fold(text) {
  return text.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function enhance(picker) {
  const filter = picker.querySelector('form.picker-filter');
  const get = (name) => picker.querySelector(`[data-picker="${name}"]`);
  const org = get('org');
  const service = get('service');
  const role = get('role');
  const search = get('q');
  const count = get('count');
  const none = get('none');
  const rows = [...picker.querySelectorAll('.picker-people li')];
  const partial = picker.dataset.more === 'true';
  const countText = picker.dataset.countText ?? '{0}';
  get('go').hidden = !partial;

  function services() {
    for (const o of service.querySelectorAll('option[data-org]')) {
      o.hidden = !!org.value && o.dataset.org !== org.value;
      if (o.hidden && o.selected) service.value = '';
    }
    for (const g of service.querySelectorAll('optgroup')) g.hidden = [...g.children].every((o) => o.hidden);
  }

  function apply() {
    services();
    const words = fold(search.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const li of rows) {
      const ok = (!org.value || li.dataset.org === org.value)
        && (!service.value || li.dataset.service === service.value)
        && (!role.value || (li.dataset.roles ?? '').split(' ').includes(role.value))
        && words.every((w) => (li.dataset.search ?? '').includes(w));
      // A person already chosen stays visible, so the choice is never hidden from the one who made it.
      const chosen = li.querySelector('input[type=radio]')?.checked;
      li.hidden = !ok && !chosen;
      if (!li.hidden) shown++;
    }
    count.textContent = countText.replace('{0}', String(shown));
    none.hidden = shown > 0;
  }

  let timer = null;
  const changed = () => {
    if (partial) { clearTimeout(timer); timer = setTimeout(() => filter.requestSubmit(), 400); return; }
    apply();
  };
  for (const control of [org, service, role]) control.addEventListener('change', changed);
  search.addEventListener('input', changed);
  filter.addEventListener('submit', (e) => { if (!partial) { e.preventDefault(); apply(); } });
  if (!partial) apply(); else services();
}

for (const picker of document.querySelectorAll('[data-people-picker]')) enhance(picker);
