// Page-weight budgets of the public theme: what the home page transfers (HTML, CSS, scripts,
// icons and images it references) and all JavaScript together, raw and gzip-compressed.
// Usage: node bench/budgets.js PUBLIC_DIR [BASE_PATH]   (build first: equilibri build)
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const [dir, basePath = "/"] = process.argv.slice(2);
const gzip = (bytes) => zlib.gzipSync(bytes, { level: 6 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const html = fs.readFileSync(path.join(dir, "index.html"));
const references = [...html.toString().matchAll(/<(?:link|script|img)\b[^>]*?(?:href|src)="([^"]+)"[^>]*>/g)]
  .map((m) => m[0])
  .filter((tag) => !/rel="(?:canonical|alternate)"/.test(tag))
  .map((tag) => tag.match(/(?:href|src)="([^"]+)"/)[1])
  .filter((url) => url.startsWith(basePath));
const files = [["index.html", html], ...[...new Set(references)].map((url) => {
  const file = url.slice(basePath.length);
  return [file, fs.readFileSync(path.join(dir, file))];
})];
console.log("home page: file, raw, gzip");
let raw = 0, compressed = 0;
for (const [file, bytes] of files) {
  raw += bytes.length;
  compressed += gzip(bytes);
  console.log(`  ${file}\t${kb(bytes.length)}\t${kb(gzip(bytes))}`);
}
console.log(`home page total: ${kb(raw)} raw, ${kb(compressed)} gzip (budget 60 KB gzip)`);

const scripts = fs.readdirSync(path.join(dir, "js")).filter((f) => f.endsWith(".js"));
let js = 0, jsGzip = 0;
for (const file of scripts) {
  const bytes = fs.readFileSync(path.join(dir, "js", file));
  js += bytes.length;
  jsGzip += gzip(bytes);
  console.log(`  js/${file}\t${kb(bytes.length)}\t${kb(gzip(bytes))}`);
}
console.log(`all JavaScript: ${kb(js)} raw, ${kb(jsGzip)} gzip (budget 15 KB gzip)`);
