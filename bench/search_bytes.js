// Bytes a browser downloads per query with equilibri's static search: meta.json, the shards of
// the query's stems and the fragment groups of the first 10 results, each query in a fresh
// session (nothing cached). Usage: node bench/search_bytes.js PUBLIC_DIR "query" ...
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const search = require("../themes/default/static/js/search.js");

async function measure(dir, query) {
  const files = [];
  const engine = await search.open((file, kind) => {
    const bytes = fs.readFileSync(path.join(dir, "search", file));
    files.push(bytes);
    return Promise.resolve(kind === "json" ? JSON.parse(bytes.toString("utf8")) : new Uint8Array(bytes));
  });
  const result = await engine.search(query, { limit: 10 });
  await Promise.all(result.hits.map((hit) => engine.document(hit.doc)));
  const raw = files.reduce((sum, b) => sum + b.length, 0);
  const gzip = files.reduce((sum, b) => sum + zlib.gzipSync(b, { level: 6 }).length, 0);
  const brotli = files.reduce((sum, b) => sum + zlib.brotliCompressSync(b).length, 0);
  return { query, total: result.total, files: files.length, raw, gzip, brotli };
}

async function main() {
  const [dir, ...queries] = process.argv.slice(2);
  const script = fs.readFileSync(path.join(__dirname, "../themes/default/static/js/search.js"));
  console.log(`search.js: ${script.length} B, ${zlib.gzipSync(script, { level: 9 }).length} B gzip, ` +
    `${zlib.brotliCompressSync(script).length} B brotli`);
  console.log("query\tresults\tfiles\traw B\tgzip B\tbrotli B");
  for (const query of queries) {
    const m = await measure(dir, query);
    console.log(`${m.query}\t${m.total}\t${m.files}\t${m.raw}\t${m.gzip}\t${m.brotli}`);
  }
}
main();
