// Bytes a browser downloads per query with Pagefind on the same pages, in headless Chromium
// against a local static server: every request under /pagefind/ for one search and the data of
// its first 10 results, each query in a fresh browser context (nothing cached).
// Usage: node bench/pagefind_bytes.js PUBLIC_DIR PORT "query" ... (needs playwright-core)
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const { chromium } = require("playwright-core");

async function main() {
  const [dir, port, ...queries] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  console.log("query\tresults\tfiles\ton-disk B\tgzip B (pre-compressed files as they are)");
  for (const query of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const urls = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/pagefind/")) urls.push(url.pathname);
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    const total = await page.evaluate(async (q) => {
      const pagefind = await import("/pagefind/pagefind.js");
      await pagefind.init();
      const search = await pagefind.search(q);
      await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
      return search.results.length;
    }, query);
    let raw = 0, gzip = 0;
    for (const url of new Set(urls)) {
      const bytes = fs.readFileSync(path.join(dir, url));
      raw += bytes.length;
      // Pagefind's index files are gzipped on disk; its script and entry file are plain.
      gzip += /\.(js|json)$/.test(url) ? zlib.gzipSync(bytes, { level: 6 }).length : bytes.length;
    }
    console.log(`${query}\t${total}\t${new Set(urls).size}\t${raw}\t${gzip}`);
    await context.close();
  }
  await browser.close();
}
main();
