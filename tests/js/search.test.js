// The browser search against `equilibri search --json`: same stems, same results, same scores.
// Builds the bundled site and a generated 2,000-page site with the debug binary (built by
// `cargo test`), then runs every query through both. node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const fs = require("node:fs");
const os = require("node:os");
const { execFileSync } = require("node:child_process");
const search = require("../../themes/default/static/js/search.js");
const { generateSite } = require("./generated_site.js");

const repository = path.join(__dirname, "../..");
const binary = path.join(repository, "target/debug/equilibri");
/* Scores are f32 sums whose order may differ by a few units in the last place. */
const TOLERANCE = 1e-5;

test("the browser stemmer agrees with tantivy's on every recorded word", () => {
  const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "../vectors/stems.json"), "utf8"));
  const words = Object.entries(vectors.stems);
  assert.ok(words.length > 5000);
  const wrong = words
    .map(([word, stem]) => [word, stem, search.queryWords(word, new Set()).stems[0]])
    .filter(([, expected, actual]) => expected !== actual);
  assert.deepStrictEqual(wrong, []);
});

test("apostrophes stand for accents and elisions split", () => {
  const none = new Set(["il", "l", "dell", "perche"]);
  assert.deepStrictEqual(search.queryWords("perche' il voucher", none).stems, ["voucher"]);
  assert.deepStrictEqual(search.queryWords("citta'", none), search.queryWords("Città", none));
  assert.deepStrictEqual(search.queryWords("l'asilo dell'azienda", none).stems, ["asil", "azi"]);
  assert.deepStrictEqual(search.queryWords("asilo perche", none).last, null);
});

/* Builds a site into a temporary folder; returns the folder of its public/ output. */
function build(root) {
  assert.ok(fs.existsSync(binary), `${binary} is missing: run cargo test (or cargo build) first`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "equilibri-search-"));
  execFileSync(binary, ["build", "--root", root, "--output", path.join(out, "public"),
    "--search-index", path.join(out, "index")], { stdio: "pipe" });
  return out;
}

function cli(root, out, query, filters) {
  const args = ["search", query, "--root", root, "--search-index", path.join(out, "index"),
    "--limit", "10", "--json"];
  if (filters.type) args.push("--type", filters.type);
  if (filters.district) args.push("--district", filters.district);
  return JSON.parse(execFileSync(binary, args, { encoding: "utf8" })).results;
}

function openExport(out) {
  const dir = path.join(out, "public/search/");
  return search.open((file, kind) => {
    const bytes = fs.readFileSync(dir + file);
    return Promise.resolve(kind === "json" ? JSON.parse(bytes.toString("utf8")) : new Uint8Array(bytes));
  });
}

function near(a, b) {
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a));
}

/* The same scores rank by rank; a different path only where two documents tie. */
async function compare(engine, query, filters, expected) {
  const result = await engine.search(query, { ...filters, limit: 10 });
  const docs = await Promise.all(result.hits.map((hit) => engine.document(hit.doc)));
  const actual = result.hits.map((hit, i) => ({ path: docs[i][0], score: hit.score }));
  const what = `${JSON.stringify(query)} ${JSON.stringify(filters)}`;
  assert.strictEqual(actual.length, expected.length, `${what}: number of results`);
  const lastScore = expected.length ? expected[expected.length - 1].score : 0;
  expected.forEach((hit, i) => {
    assert.ok(near(hit.score, actual[i].score), `${what} #${i + 1}: CLI ${hit.score}, browser ${actual[i].score}`);
    if (hit.path === actual[i].path) return;
    const twin = actual.find((a) => a.path === hit.path);
    assert.ok(twin ? near(twin.score, hit.score) : near(hit.score, lastScore),
      `${what} #${i + 1}: CLI ${hit.path}, browser ${actual[i].path}`);
  });
  assert.ok(result.total >= actual.length);
  return actual.length;
}

/* Queries made from the documents' own titles: whole words, pairs, prefixes, upper case, and
   filters by the type and district of the document the word came from. */
function queriesFrom(engine, titles) {
  const queries = [];
  const seen = new Set();
  titles.forEach((title, doc) => {
    const words = title.split(/[^\p{L}']+/u).filter((w) => w.length > 3 && !seen.has(w));
    if (!words.length || queries.length >= 200) return;
    const word = words[0];
    seen.add(word);
    const meta = engine.meta;
    const districts = meta.district_sets[meta.doc_districts[doc]];
    queries.push([word, {}], [word.slice(0, 4), {}], [words.slice(0, 2).join(" "), {}]);
    queries.push([word.toUpperCase(), { type: meta.types[meta.doc_types[doc]] }]);
    if (districts.length) queries.push([word, { district: meta.districts[districts[0]] }]);
  });
  return queries;
}

async function parity(root, fixed) {
  const out = build(root);
  try {
    const engine = await openExport(out);
    const titles = await Promise.all(
      Array.from({ length: Math.min(engine.meta.docs, 60) }, (_, i) => engine.document(i))
    ).then((docs) => docs.map((d) => d[1]));
    const queries = fixed.concat(queriesFrom(engine, titles));
    assert.ok(queries.length >= 100, `${queries.length} queries`);
    let hits = 0, empty = 0;
    for (const [query, filters] of queries) {
      const found = await compare(engine, query, filters, cli(root, out, query, filters));
      hits += found;
      if (!found) empty++;
    }
    // A comparison of empty lists proves nothing: most queries must find something.
    assert.ok(empty < queries.length / 4, `${empty} of ${queries.length} queries found nothing`);
    console.log(`${queries.length} queries, ${hits} results compared, ${empty} empty`);
    return hits;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const BUNDLED_QUERIES = [
  ["congedo ad ore", {}], ["asilo nido rozzano", {}], ["perche' il voucher", {}],
  ["perché il voucher", {}], ["welfare aziendale", {}], ["Welfare", { type: "servizio" }],
  ["l'asilo", {}], ["dell'azienda", {}], ["citta'", {}], ["città metropolitana", {}],
  ["genitorialità", {}], ["genitorialita", {}], ["vouc", {}], ["cong", {}], ["c", {}],
  ["congedi parentali", {}], ["INPS", {}], ["punto informativo", { type: "punto" }],
  ["orari", { district: "rozzano" }], ["conciliazione", { district: "paullese" }],
  ["xyzzy", {}], ["congedo xyzzy", {}], ["il", {}], ["e per il", {}], ["", {}],
  ["buone prassi", { type: "buona-prassi" }], ["notizie 2026", {}], ["lavoro famiglia", {}],
];

test("the bundled site: the browser ranks and scores as the CLI", async () => {
  const hits = await parity(repository, BUNDLED_QUERIES);
  assert.ok(hits > 300, `${hits} results compared`);
});

test("a generated 2,000-page site: the browser ranks and scores as the CLI", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "equilibri-site-"));
  try {
    generateSite(root, 2000, repository);
    const hits = await parity(root, [["servizio famiglia", {}], ["nid", {}], ["a", {}], ["zzz", {}]]);
    assert.ok(hits > 600, `${hits} results compared`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("excerpts mark the query's words and keep text as text", () => {
  const stopWords = new Set(["il", "per"]);
  const words = search.queryWords("voucher nid", stopWords);
  const pieces = search.excerpt("Il voucher <b>per</b> il nido comunale", words, stopWords);
  assert.deepStrictEqual(pieces.filter((p) => p[1]).map((p) => p[0]), ["voucher", "nido"]);
  assert.strictEqual(pieces.map((p) => p[0]).join(""), "Il voucher <b>per</b> il nido comunale");
});
