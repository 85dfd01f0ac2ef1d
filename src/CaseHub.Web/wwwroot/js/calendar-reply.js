// The reply page of invitation links (/calendar/reply). Opening a link records nothing (mail scanners open links
// too); this script turns "yes" and "maybe" into one click by submitting the form at once, and for "no" shows the
// optional reason box and waits for the person to confirm. Without script, the form works as a plain form.
const form = document.getElementById('calendar-reply');
if (form instanceof HTMLFormElement) {
  const reasonBox = document.getElementById('reply-reason');
  const reason = form.querySelector('textarea[name="Reason"]');

  const chosen = () => form.querySelector('input[name="Answer"]:checked')?.value ?? null;
  const sync = () => {
    const no = chosen() === 'no';
    if (reasonBox) reasonBox.hidden = !no;
    return no;
  };

  form.addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.name === 'Answer' && sync() && reason instanceof HTMLTextAreaElement) reason.focus();
  });

  const answer = chosen();
  sync();
  if (form.dataset.autoSubmit === 'true' && (answer === 'yes' || answer === 'maybe')) {
    form.requestSubmit();
  } else if (answer === 'no' && reason instanceof HTMLTextAreaElement) {
    reason.focus();
  }
}
