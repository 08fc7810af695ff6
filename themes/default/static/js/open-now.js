/* "Aperto ora" for info points: the rule of src/opening.rs, mirrored. The shared vectors in
   tests/vectors/open_now.json hold both to the same answers (node --test tests/js/).
   Pages are complete without it: this only adds one status line above the hours table. */
(function (factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    api.enhance(document, document.currentScript);
  }
})(function () {
  "use strict";
  var LOOKAHEAD_DAYS = 31;
  var romeClock = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Rome", hourCycle: "h23",
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit"
  });

  /* Italian wall-clock day ("2027-03-29") and minute of the day at an instant. */
  function romeTime(instant) {
    var p = {};
    romeClock.formatToParts(instant).forEach(function (part) { p[part.type] = part.value; });
    return { day: p.year + "-" + p.month + "-" + p.day, minute: +p.hour * 60 + +p.minute };
  }

  function toMinutes(hhmm) {
    var parts = hhmm.split(":");
    return +parts[0] * 60 + +parts[1];
  }

  /* Days are ISO strings; arithmetic goes through UTC midnight so no local zone interferes. */
  function dayToUtc(day) { return Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)); }
  function addDays(day, n) { return new Date(dayToUtc(day) + n * 86400000).toISOString().slice(0, 10); }
  function weekday(day) { return (new Date(dayToUtc(day)).getUTCDay() + 6) % 7; }

  function rangesOn(schedule, day) {
    if (schedule.closed.indexOf(day) >= 0) return [];
    return schedule.weekly[weekday(day)].map(function (text) {
      var ends = text.split("-");
      return { start: toMinutes(ends[0]), end: toMinutes(ends[1]) };
    }).sort(function (a, b) { return a.start - b.start; });
  }

  /* {state: "open", closes} | {state: "closed", next: {day, minute} | null} | {state: "unknown"} */
  function statusAt(schedule, instant) {
    var now = romeTime(instant);
    if (now.day < schedule.from || now.day > schedule.until) return { state: "unknown" };
    var today = rangesOn(schedule, now.day), i;
    for (i = 0; i < today.length; i++) {
      if (today[i].start <= now.minute && now.minute < today[i].end) return { state: "open", closes: today[i].end, day: now.day };
    }
    for (i = 0; i < today.length; i++) {
      if (today[i].start > now.minute) return { state: "closed", next: { day: now.day, minute: today[i].start }, day: now.day };
    }
    for (i = 1; i <= LOOKAHEAD_DAYS; i++) {
      var day = addDays(now.day, i);
      if (day > schedule.until) break;
      var ranges = rangesOn(schedule, day);
      if (ranges.length) return { state: "closed", next: { day: day, minute: ranges[0].start }, day: now.day };
    }
    return { state: "closed", next: null, day: now.day };
  }

  function clock(minute) {
    var m = minute % 60;
    return Math.floor(minute / 60) + ":" + (m < 10 ? "0" : "") + m;
  }

  function fill(template, next, labels) {
    return template
      .replace("{time}", clock(next.minute))
      .replace("{weekday}", next.day ? labels.weekdays[weekday(next.day)] : "")
      .replace("{date}", next.day ? +next.day.slice(8, 10) + " " + labels.months[+next.day.slice(5, 7) - 1] : "");
  }

  /* The status line, or null when the moment lies outside the schedule's window. */
  function statusLabel(status, labels) {
    if (status.state === "unknown") return null;
    if (status.state === "open") return fill(labels.open, { minute: status.closes }, labels);
    if (!status.next) return labels.closed;
    var ahead = Math.round((dayToUtc(status.next.day) - dayToUtc(status.day)) / 86400000);
    var template = ahead === 0 ? labels.opens_today : ahead === 1 ? labels.opens_tomorrow
      : ahead < 7 ? labels.opens_weekday : labels.opens_date;
    return fill(template, status.next, labels);
  }

  /* Fills every [data-open-now] element from its schedule, now and every minute. */
  function enhance(doc, script) {
    var labels = JSON.parse(script.getAttribute("data-labels"));
    var targets = doc.querySelectorAll("[data-open-now]");
    function update() {
      for (var i = 0; i < targets.length; i++) {
        var target = targets[i];
        var status = statusAt(JSON.parse(target.getAttribute("data-open-now")), new Date());
        var text = statusLabel(status, labels);
        target.textContent = text || "";
        target.hidden = !text;
        target.className = "open-now open-now-" + status.state;
      }
    }
    update();
    setInterval(update, 60000);
  }

  return { statusAt: statusAt, statusLabel: statusLabel, enhance: enhance };
});
