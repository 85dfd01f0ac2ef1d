// "Still coming?" links (/discovery-days/manage/{token}/still-coming). Opening the link records nothing (mail
// scanners open links too). "Yes, I am coming" is harmless, so this script submits it at once: one click for the
// person. "No" releases the seat to the waiting list and cannot be undone, so it waits for the confirm button.
// Without script, the form works as a plain form.
const form = document.getElementById('still-coming');
if (form instanceof HTMLFormElement) {
  const chosen = form.querySelector('input[name="Answer"]:checked')?.value ?? null;
  if (form.dataset.autoSubmit === 'true' && chosen === 'yes') {
    form.requestSubmit();
  } else if (chosen === 'no') {
    document.getElementById('still-coming-submit')?.focus();
  }
}
