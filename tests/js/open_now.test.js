// Runs the shared "open now" vectors against the browser script: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const fs = require("node:fs");
const { statusAt, statusLabel } = require("../../themes/default/static/js/open-now.js");

const vectors = JSON.parse(
  fs.readFileSync(path.join(__dirname, "../vectors/open_now.json"), "utf8")
);

for (const c of vectors.cases) {
  test(`${c.instant}: ${c.what}`, () => {
    const schedule = vectors.schedules[c.schedule].data;
    const label = statusLabel(statusAt(schedule, new Date(c.instant)), vectors.labels);
    assert.strictEqual(label, c.expected);
  });
}

test("the vectors are not empty", () => {
  assert.ok(vectors.cases.length >= 20);
});

// The rule must not depend on the visitor's clock zone: run the same vectors in far-away zones.
if (!process.env.OPEN_NOW_NESTED) {
  for (const zone of ["America/Los_Angeles", "Pacific/Kiritimati"]) {
    test(`the vectors pass with the clock in ${zone}`, () => {
      const run = require("node:child_process").spawnSync(process.execPath, ["--test", __filename], {
        env: { ...process.env, TZ: zone, OPEN_NOW_NESTED: "1" },
        encoding: "utf8",
      });
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
    });
  }
}
