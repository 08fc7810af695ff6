// The built site in a real browser on a real static host: the bundled site is built under the
// sub-path /equilibri/, served by nginx with the headers of public/_headers (CSP included), and
// visited with Debian's Chromium driven by playwright-core. node --test tests/e2e/
"use strict";
const { describe, it, before, after } = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { launchChromium } = require("./browser.js");
const { startNginx, freePort } = require("./nginx.js");

const repository = path.join(__dirname, "../..");
const binary = path.join(repository, "target/debug/equilibri");
const artifacts = path.join(repository, "test-artifacts");
const PREFIX = "/equilibri/";

let work, site, server, browser, base;

/* Every HTML file of the build, as its URL path under the prefix. */
function htmlPages() {
  const pages = [];
  (function walk(dir) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".html")) pages.push(path.relative(site, full));
    }
  })(site);
  return pages.sort().map((file) => PREFIX + file.replace(/index\.html$/, ""));
}

/* Opens a page; collects console errors, failed requests, and requests to other hosts. */
async function visit(url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`script: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
  page.on("response", (r) => { if (r.status() >= 400 && r.url() !== base + url) problems.push(`${r.status()}: ${r.url()}`); });
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) problems.push(`third party: ${r.url()}`); });
  const response = await page.goto(base + url, { waitUntil: "load" });
  return { context, page, response, problems };
}

before(async () => {
  assert.ok(fs.existsSync(binary), `${binary} is missing: run cargo test (or cargo build) first`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "equilibri-e2e-"));
  site = path.join(work, "public");
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  execFileSync(binary, ["build", "--root", repository, "--output", site,
    "--search-index", path.join(work, "index"), "--base-url", `${base}${PREFIX}`], { stdio: "pipe" });
  server = await startNginx({ work, site, port, prefix: PREFIX });
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("every page", () => {
  it("loads with status 200, no console error, no failed or third-party request, no cookie", async () => {
    const pages = htmlPages().filter((url) => !url.endsWith("404.html"));
    assert.ok(pages.length > 50, `${pages.length} pages`);
    const problems = [];
    for (const url of pages) {
      const visit_ = await visit(url);
      if (visit_.response.status() !== 200) problems.push(`${url}: status ${visit_.response.status()}`);
      problems.push(...visit_.problems.map((p) => `${url}: ${p}`));
      const cookies = await visit_.context.cookies();
      if (cookies.length) problems.push(`${url}: cookies ${JSON.stringify(cookies)}`);
      await visit_.context.close();
    }
    assert.deepStrictEqual(problems, []);
  });

  it("a missing page gets the 404 page with status 404", async () => {
    const { context, page, response } = await visit(`${PREFIX}non-esiste/`);
    assert.strictEqual(response.status(), 404);
    assert.match(await page.textContent("h1"), /Pagina non trovata/);
    await context.close();
  });
});

describe("search in the browser", () => {
  it("the header box leads to results, announced, reachable by keyboard, kept in the URL", async () => {
    const { context, page, problems } = await visit(PREFIX);
    await page.fill("#cerca_header", "congedo ad ore");
    await page.press("#cerca_header", "Enter");
    await page.waitForURL(/\/cerca\/\?q=congedo/);
    const status = page.locator("[role=status]");
    await page.waitForFunction(() => /risultat/.test(document.querySelector("[role=status]").textContent));
    assert.match(await status.textContent(), /^\d+ risultati per «congedo ad ore»$/);
    const titles = await page.$$eval(".search-results h2 a", (links) => links.map((a) => a.textContent));
    assert.strictEqual(titles[0], "Congedo parentale ad ore");
    // Keyboard only: from the search box, the arrow key and Tab reach the results.
    await page.focus("#ricerca-testo");
    await page.keyboard.press("ArrowDown");
    assert.strictEqual(await page.evaluate(() => document.activeElement.textContent), titles[0]);
    // A filter narrows the results and is kept in the URL; Back restores the previous search.
    await page.selectOption("#ricerca-tipo", "servizio");
    await page.waitForURL(/tipo=servizio/);
    await page.waitForFunction((n) => document.querySelectorAll(".search-results li").length < n, titles.length);
    await page.goBack();
    await page.waitForFunction((n) => document.querySelectorAll(".search-results li").length === n, titles.length);
    assert.strictEqual(await page.inputValue("#ricerca-tipo"), "");
    assert.deepStrictEqual(problems, []);
    await context.close();
  });

  it("nothing is downloaded for search before a search starts", async () => {
    const { context, page } = await visit(`${PREFIX}cerca/`);
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.waitForTimeout(300);
    assert.deepStrictEqual(requests.filter((u) => u.includes("/search/")), []);
    await page.fill("#ricerca-testo", "voucher");
    await page.waitForFunction(() => /risultat/.test(document.querySelector("[role=status]").textContent));
    assert.ok(requests.some((u) => u.endsWith("/search/meta.json")));
    await context.close();
  });

  it("without JavaScript the search page explains and links to the sections and the directory", async () => {
    const { context, page } = await visit(`${PREFIX}cerca/?q=congedo`, { javaScriptEnabled: false });
    assert.match(await page.textContent("[data-search-nojs]"), /JavaScript/);
    assert.ok(await page.isVisible(`[data-search-nojs] a[href="${PREFIX}punti/"]`));
    await context.close();
  });
});

describe("info points", () => {
  it("an info point page shows the open-now line", async () => {
    const point = htmlPages().find((url) => /\/punti\/[^/]+\/$/.test(url) && !url.includes("distretto"));
    const { context, page, problems } = await visit(point);
    await page.waitForSelector(".open-now:not([hidden])");
    assert.match(await page.textContent(".open-now"), /Aperto ora|Chiuso/);
    assert.deepStrictEqual(problems, []);
    await context.close();
  });
});

describe("screenshots", () => {
  it("the home page at 375 and 1280 pixels wide", async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    for (const width of [375, 1280]) {
      const { context, page } = await visit(PREFIX, { viewport: { width, height: 900 } });
      const file = path.join(artifacts, `home-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(fs.statSync(file).size > 10000);
      await context.close();
    }
  });
});

/* One page of each type, as citizens meet them. */
const PAGE_TYPES = {
  home: "",
  section: "servizi/",
  service: "servizi/congedo-parentale-ad-ore/",
  partner: "partner/assemi/",
  "good practice": "buone-prassi/banca-delle-ore/",
  news: "notizie/2026-11-nuovo-sito/",
  "info point": "punti/rozzano/",
  directory: "punti/",
  flyer: "punti/rozzano/volantino/",
  "search results": "cerca/?q=congedo",
  accessibility: "accessibilita/",
  privacy: "privacy/",
  "topic": "temi/congedi/",
  "not found": "non-esiste/",
};

describe("accessibility (axe-core, WCAG 2.1 AA rules)", () => {
  const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  for (const [type, url] of Object.entries(PAGE_TYPES)) {
    it(`${type}: no violation`, async () => {
      // axe is injected by the test, so the page's CSP is lifted for it alone.
      const { context, page } = await visit(PREFIX + url, { bypassCSP: true });
      if (url.startsWith("cerca/")) {
        await page.waitForFunction(() => /risultat/.test(document.querySelector("[role=status]").textContent));
      }
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      }));
      const violations = result.violations.map((v) =>
        `${v.id} (${v.impact}): ${v.help} – ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepStrictEqual(violations, []);
      await context.close();
    });
  }
});

describe("small screens", () => {
  it("no page type scrolls sideways at 320 pixels", async () => {
    const wide = [];
    for (const [type, url] of Object.entries(PAGE_TYPES)) {
      const { context, page } = await visit(PREFIX + url, { viewport: { width: 320, height: 640 } });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) wide.push(`${type}: ${width}px`);
      await context.close();
    }
    assert.deepStrictEqual(wide, []);
  });
});

describe("without JavaScript", () => {
  it("every page type shows its content and its navigation", async () => {
    const empty = [];
    for (const [type, url] of Object.entries(PAGE_TYPES)) {
      const { context, page, problems } = await visit(PREFIX + url, { javaScriptEnabled: false });
      const text = (await page.textContent("main")).trim();
      if (text.length < 60 || !(await page.isVisible(".main-nav"))) empty.push(type);
      // The not-found page is itself a 404, which the console reports.
      const expected = (p) => type === "not found" && /status of 404/.test(p);
      empty.push(...problems.filter((p) => !expected(p)).map((p) => `${type}: ${p}`));
      await context.close();
    }
    assert.deepStrictEqual(empty, []);
  });
});

describe("print", () => {
  it("pages print without navigation and search; the flyer prints alone", async () => {
    const hidden = (page, selector) => page.$eval(selector, (e) => getComputedStyle(e).display === "none");
    const { context, page } = await visit(`${PREFIX}servizi/congedo-parentale-ad-ore/`);
    await page.emulateMedia({ media: "print" });
    for (const selector of [".main-nav", ".header-search", ".skip-link"]) {
      assert.ok(await hidden(page, selector), selector);
    }
    assert.ok(!(await hidden(page, "main")));
    await page.goto(`${base}${PREFIX}punti/rozzano/volantino/`);
    for (const selector of [".site-header", ".breadcrumb", ".site-footer"]) {
      assert.ok(await hidden(page, selector), `flyer ${selector}`);
    }
    await context.close();
  });
});

describe("HTML validity (Nu Html Checker)", () => {
  it("no error in any generated HTML file", () => {
    const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
    let output = "";
    try {
      execFileSync("java", ["-jar", jar, "--errors-only", "--format", "json", "--skip-non-html", site],
        { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      output = error.stderr || String(error);
    }
    const messages = output ? JSON.parse(output).messages : [];
    const errors = messages.map((m) => `${path.relative(site, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
    assert.deepStrictEqual(errors, []);
  });
});

describe("links", () => {
  it("no broken internal link or asset from the home page on", async () => {
    const { LinkChecker } = await import("linkinator");
    const result = await new LinkChecker().check({
      path: `${base}${PREFIX}`,
      recurse: true,
      linksToSkip: [`^(?!${base.replace(/[.]/g, "\\.")})`],
      concurrency: 4,
    });
    const broken = result.links.filter((link) => link.state === "BROKEN")
      .map((link) => `${link.status} ${link.url} (from ${link.parent})`);
    assert.deepStrictEqual(broken, []);
    assert.ok(result.links.filter((link) => link.state === "OK").length > 50, "unique internal URLs checked");
  });
});
