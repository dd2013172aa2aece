// Print the events of an iCalendar file as JSON, as Thunderbird's parser sees them.
// Usage: node read_feed.mjs FILE.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);  // without this, TZID times would be floating
}
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const start = event.startDate;
  const end = event.endDate;
  return {
    uid: event.uid,
    summary: event.summary,
    allDay: start.isDate,
    start: start.isDate ? start.toString() : start.toJSDate().toISOString(),
    end: end.isDate ? end.toString() : end.toJSDate().toISOString(),
    floating: !start.isDate && start.zone === ICAL.Timezone.localTimezone,
    status: component.getFirstPropertyValue("status"),
    sequence: event.sequence,
  };
});
process.stdout.write(JSON.stringify({ name: calendar.getFirstPropertyValue("x-wr-calname"), events }));
