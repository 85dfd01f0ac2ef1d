// Independent check of iCalendar files: parses them with ical.js (not the library that wrote them) and prints
// what a calendar client would understand, as JSON.
// Usage: node ical-check.mjs [--occurrences N] [file.ics ...]
//        with no files: reads a JSON array of ICS strings on stdin (one node start for many files).
// Output: a JSON array, one object per ICS: { method, prodid, version, calname, timezones, events: [...] } or { error }.
// Each ICS is checked on its own: the time-zone registry is reset and holds only that file's VTIMEZONEs, so a
// TZID without its VTIMEZONE shows up (zoneResolved: false) instead of being silently resolved.
import ICAL from 'ical.js';
import fs from 'node:fs';

const args = process.argv.slice(2);
let maxOccurrences = 20;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--occurrences') maxOccurrences = Number(args[++i]);
  else files.push(args[i]);
}

const inputs = files.length > 0
  ? files.map((f) => fs.readFileSync(f, 'utf8'))
  : JSON.parse(fs.readFileSync(0, 'utf8'));

const utc = (t) => (t ? t.toJSDate().toISOString() : null);

function timeInfo(prop) {
  if (!prop) return null;
  const value = prop.getFirstValue();
  const tzid = prop.getParameter('tzid') ?? null;
  return {
    utc: utc(value),
    local: value.toString(),
    tzid,
    isUtc: value.zone === ICAL.Timezone.utcTimezone,
    zoneResolved: tzid === null ? true : value.zone?.tzid === tzid,
  };
}

function person(prop) {
  const p = (name) => prop.getParameter(name) ?? null;
  return {
    value: prop.getFirstValue(),
    cn: p('cn'),
    sentBy: p('sent-by'),
    role: p('role'),
    partstat: p('partstat'),
    rsvp: p('rsvp'),
  };
}

function timezoneInfo(vtz) {
  const obs = (name) => vtz.getAllSubcomponents(name).map((c) => ({
    dtstart: c.getFirstPropertyValue('dtstart')?.toString() ?? null,
    rrule: c.getFirstPropertyValue('rrule')?.toString() ?? null,
    offsetFrom: c.getFirstPropertyValue('tzoffsetfrom')?.toString() ?? null,
    offsetTo: c.getFirstPropertyValue('tzoffsetto')?.toString() ?? null,
  }));
  return { tzid: vtz.getFirstPropertyValue('tzid'), standard: obs('standard'), daylight: obs('daylight') };
}

function eventInfo(v) {
  const rrule = v.getFirstPropertyValue('rrule');
  const exdates = v.getAllProperties('exdate').flatMap((p) => p.getValues().map(utc));
  return {
    uid: v.getFirstPropertyValue('uid'),
    sequence: v.getFirstPropertyValue('sequence') ?? null,
    status: v.getFirstPropertyValue('status') ?? null,
    summary: v.getFirstPropertyValue('summary') ?? null,
    description: v.getFirstPropertyValue('description') ?? null,
    location: v.getFirstPropertyValue('location') ?? null,
    url: v.getFirstPropertyValue('url') ?? null,
    dtstamp: utc(v.getFirstPropertyValue('dtstamp')),
    dtstart: timeInfo(v.getFirstProperty('dtstart')),
    dtend: timeInfo(v.getFirstProperty('dtend')),
    recurrenceId: timeInfo(v.getFirstProperty('recurrence-id')),
    rrule: rrule ? rrule.toString() : null,
    exdates,
    organizer: v.getFirstProperty('organizer') ? person(v.getFirstProperty('organizer')) : null,
    attendees: v.getAllProperties('attendee').map(person),
    occurrences: null,
  };
}

function check(text) {
  ICAL.TimezoneService.reset();
  const root = new ICAL.Component(ICAL.parse(text));
  const vtimezones = root.getAllSubcomponents('vtimezone');
  for (const vtz of vtimezones) ICAL.TimezoneService.register(vtz);

  const vevents = root.getAllSubcomponents('vevent');
  const events = vevents.map(eventInfo);
  // Expand each master with its overrides (same UID + RECURRENCE-ID) the way a client does.
  vevents.forEach((v, i) => {
    if (v.hasProperty('recurrence-id')) return;
    const uid = v.getFirstPropertyValue('uid');
    const master = new ICAL.Event(v, { strictExceptions: true });
    for (const other of vevents) {
      if (other !== v && other.hasProperty('recurrence-id') && other.getFirstPropertyValue('uid') === uid) {
        master.relateException(new ICAL.Event(other));
      }
    }
    const it = master.iterator();
    const list = [];
    for (let n = 0; n < maxOccurrences; n++) {
      const next = it.next();
      if (!next) break;
      const d = master.getOccurrenceDetails(next);
      list.push({
        recurrenceId: utc(d.recurrenceId),
        start: utc(d.startDate),
        end: utc(d.endDate),
        moved: d.item !== master,
      });
      if (!master.isRecurring()) break;
    }
    events[i].occurrences = list;
  });

  return {
    method: root.getFirstPropertyValue('method') ?? null,
    prodid: root.getFirstPropertyValue('prodid') ?? null,
    version: root.getFirstPropertyValue('version') ?? null,
    calname: root.getFirstPropertyValue('x-wr-calname') ?? null,
    timezones: vtimezones.map(timezoneInfo),
    events,
  };
}

const out = inputs.map((text) => {
  try {
    return check(text);
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify(out));
