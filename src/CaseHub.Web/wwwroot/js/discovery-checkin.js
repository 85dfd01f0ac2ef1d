// Check-in list on the day (/organise/discovery-days/{id}/check-in), for a phone. A tap marks a person as arrived
// (or not) without reloading the page, and the search box filters the list by name or organisation.
// Without script, each button is a normal form post that comes back to the same place in the list.

function announce(text) {
  const region = document.getElementById('live-announcer');
  if (region) region.textContent = text;
}

const list = document.getElementById('checkin-list');
const count = document.getElementById('checkin-count');

function updateCount(delta) {
  if (!count) return;
  const arrived = Number(count.dataset.arrived) + delta;
  count.dataset.arrived = String(arrived);
  count.textContent = (count.dataset.text ?? '').replace('{0}', String(arrived)).replace('{1}', count.dataset.total ?? '');
}

list?.addEventListener('submit', async (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains('checkin-form')) return;
  e.preventDefault();
  const button = form.querySelector('button');
  const field = form.querySelector('input[name="arrived"]');
  if (!(button instanceof HTMLButtonElement) || !(field instanceof HTMLInputElement)) return;
  button.disabled = true;
  try {
    const response = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' } });
    if (!response.ok) { form.submit(); return; }
    const { arrived } = await response.json();
    const item = form.closest('li');
    item?.classList.toggle('arrived', arrived);
    button.setAttribute('aria-pressed', arrived ? 'true' : 'false');
    field.value = arrived ? 'false' : 'true';
    const label = arrived ? form.dataset.labelIn : form.dataset.labelOut;
    const state = button.querySelector('.state');
    if (state && label) state.textContent = label;
    updateCount(arrived ? 1 : -1);
    announce(`${button.querySelector('strong')?.textContent ?? ''}: ${label ?? ''}`);
  } catch {
    form.submit();
  } finally {
    button.disabled = false;
  }
});

const search = document.getElementById('checkin-search');
if (search instanceof HTMLInputElement && list) {
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    for (const item of list.querySelectorAll('li')) {
      item.hidden = q.length > 0 && !(item.getAttribute('data-search') ?? '').includes(q);
    }
  });
}
