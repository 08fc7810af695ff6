// `equilibri serve` in a real browser: a copy of the bundled site served under /equilibri/,
// edited on disk while Chromium shows it. The page must reload by itself after an edit, show a
// broken file's errors over the page and recover after the fix, and swap a stylesheet in place.
"use strict";
const { describe, it, before, after } = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const readline = require("node:readline");
const { spawn } = require("node:child_process");
const { launchChromium } = require("./browser.js");

const repository = path.join(__dirname, "../..");
const binary = path.join(repository, "target/debug/equilibri");
const PAGE = "content/servizi/congedo-parentale-ad-ore.md";

let work, server, browser, url;

function startServe(root) {
  const child = spawn(binary, ["serve", "--port", "0", "--root", root,
    "--base-url", "https://example.org/equilibri/"], { stdio: ["ignore", "pipe", "ignore"] });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const match = /^Serving (\S+)/.exec(line);
      if (match) resolve({ child, url: match[1] });
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

before(async () => {
  assert.ok(fs.existsSync(binary), `${binary} is missing: run cargo test (or cargo build) first`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "equilibri-serve-"));
  for (const entry of ["site.yaml", "content", "themes"]) {
    fs.cpSync(path.join(repository, entry), path.join(work, entry), { recursive: true });
  }
  ({ child: server, url } = await startServe(work));
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function edit(file, change) {
  const full = path.join(work, file);
  fs.writeFileSync(full, change(fs.readFileSync(full, "utf8")));
}

describe("serve in the browser", () => {
  it("reloads after an edit, shows errors over the page, recovers, swaps CSS in place", async () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/equilibri\/$/);
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    // A page learns of builds finished before it connected too (it knows its own build), so
    // waiting for its event stream to be requested is enough before editing.
    const connected = () => page.waitForRequest((r) => r.url().endsWith("/__equilibri/events"));
    let stream = connected();
    await page.goto(url + "servizi/congedo-parentale-ad-ore/");
    await stream;

    const original = fs.readFileSync(path.join(work, PAGE), "utf8");
    edit(PAGE, (text) => text + "\nParagrafo aggiunto durante la prova.\n");
    await page.waitForFunction(() => document.body.textContent.includes("Paragrafo aggiunto"),
      null, { timeout: 30000 });

    edit(PAGE, (text) => text.replace("title:", "titolo:"));
    const overlay = page.locator("#equilibri-errori");
    await overlay.waitFor({ timeout: 30000 });
    assert.strictEqual(await overlay.getAttribute("role"), "alertdialog");
    const shown = await overlay.textContent();
    assert.match(shown, /Il sito non si è potuto ricostruire/);
    assert.match(shown, /content\/servizi\/congedo-parentale-ad-ore\.md:2:1/);
    assert.match(shown, /titolo/);
    // The last good page is still there under the overlay.
    assert.ok((await page.textContent("main")).includes("Paragrafo aggiunto"));

    stream = connected();
    fs.writeFileSync(path.join(work, PAGE), original);
    await page.waitForFunction(() => !document.getElementById("equilibri-errori")
      && !document.body.textContent.includes("Paragrafo aggiunto"), null, { timeout: 30000 });

    // A stylesheet change: no reload (the marker survives), the new rule applies.
    await stream;
    await page.evaluate(() => { window.notReloaded = true; });
    edit("themes/default/static/css/site.css", (text) => text + "\nh1 { letter-spacing: 7px; }\n");
    await page.waitForFunction(() => getComputedStyle(document.querySelector("h1")).letterSpacing === "7px",
      null, { timeout: 30000 });
    assert.strictEqual(await page.evaluate(() => window.notReloaded), true);
    assert.deepStrictEqual(problems, []);
  });
});
