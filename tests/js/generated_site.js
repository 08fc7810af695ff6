// A deterministic synthetic site of any size, in the shape of the real one (sections with
// search types, topics, districts, dated news), for the search parity test.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const WORDS = (
  "congedo congedi parentale parentali ore ora giornata giornate lavoro lavoratrice lavoratori " +
  "famiglia famiglie figlio figli figlia bambino bambini bambina asilo asili nido nidi scuola " +
  "scuole servizio servizi comunale comunali voucher welfare aziendale aziende azienda impresa " +
  "imprese conciliazione conciliare orario orari flessibile flessibilità tempo tempi cura " +
  "assistenza anziani anziano disabilità sostegno contributo contributi domanda domande modulo " +
  "moduli sportello sportelli informazione informazioni punto punti distretto distretti città " +
  "comune comuni regione regionale provincia milano rozzano paullo melegnano sindacato " +
  "cooperativa cooperative accordo accordi contratto contratti collettivo smart working agile " +
  "maternità paternità genitori genitore madre padre permesso permessi retribuito retribuita " +
  "indennità pagamento pagamenti requisito requisiti scadenza scadenze prassi buona buone " +
  "progetto progetti rete alleanza territoriale territorio ufficio uffici telefono appuntamento " +
  "iscrizione iscrizioni calendario estate estivo centri centro educativo educativa formazione " +
  "corso corsi giovani donne occupazione lavorando lavorare lavorato chiedere chiedendo " +
  "richiesta richieste offerta offerte gratuito gratuita costo costi tariffa tariffe perché " +
  "università qualità attività possibilità responsabilità opportunità"
).split(" ");
const GLUE = "il la i le di del della dei delle a al alla in nel nella per con su e o che un una".split(" ");
const SECTIONS = [
  ["servizi", "Servizi"], ["notizie", "Notizie"], ["buone-prassi", "Buone prassi"],
  ["partner", "Partner"], ["approfondimenti", "Approfondimenti"],
];
const DISTRICTS = ["san-donato", "paullese", "pieve-emanuele", "rozzano"];
const TOPICS = ["Congedi", "Welfare aziendale", "Servizi per l'infanzia", "Cura degli anziani", "Lavoro agile"];

/* A small seeded generator (mulberry32): the same site every run. */
function random(seed) {
  return function () {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateSite(root, pages, repository) {
  const next = random(20261127);
  /* Skewed choice: a few words are common, most are rare, as in real text. */
  const word = () => WORDS[Math.floor(Math.pow(next(), 2.2) * WORDS.length)];
  const pick = (list) => list[Math.floor(next() * list.length)];
  const sentence = (n) => {
    const out = [];
    for (let i = 0; i < n; i++) out.push(next() < 0.35 ? pick(GLUE) : word());
    const text = out.join(" ");
    return text[0].toUpperCase() + text.slice(1) + ".";
  };
  const write = (file, text) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  fs.cpSync(path.join(repository, "themes/default"), path.join(root, "themes/default"), { recursive: true });
  write("site.yaml", [
    'title: "Sito generato"',
    'description: "Un sito sintetico per il test di parità della ricerca"',
    'base_url: "https://example.org/rete/"',
    "taxonomies:",
    "  - { name: temi, title: Temi, path: temi }",
    "  - { name: distretti, title: Distretti, path: distretti }",
    "districts:",
    ...DISTRICTS.map((id) => `  - { id: ${id}, name: "Distretto ${id}", municipalities: [Comune ${id}], source: "esempio" }`),
    "search:",
    "  types: { servizi: servizio, notizie: notizia, buone-prassi: buona-prassi, partner: partner }",
    "  district_taxonomy: distretti",
    "",
  ].join("\n"));
  write("content/_index.md", "---\ntitle: Home\n---\nBenvenuti.\n");
  SECTIONS.forEach(([dir, title]) => write(`content/${dir}/_index.md`, `---\ntitle: "${title}"\n---\n`));
  for (let i = 0; i < pages; i++) {
    const [dir] = SECTIONS[i % SECTIONS.length];
    const title = sentence(2 + Math.floor(next() * 5)).slice(0, -1);
    const lines = ["---", `title: "${title}"`];
    if (next() < 0.7) lines.push(`description: "${sentence(6 + Math.floor(next() * 10))}"`);
    if (dir === "notizie") lines.push(`date: 2026-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`);
    lines.push(`temi: ["${pick(TOPICS)}"]`);
    const districts = DISTRICTS.filter(() => next() < 0.3);
    if (districts.length) lines.push(`distretti: [${districts.join(", ")}]`);
    lines.push("---", "");
    const paragraphs = 1 + Math.floor(next() * 6);
    for (let p = 0; p < paragraphs; p++) {
      const sentences = [];
      for (let s = 0; s < 1 + Math.floor(next() * 5); s++) sentences.push(sentence(5 + Math.floor(next() * 15)));
      lines.push(sentences.join(" "), "");
    }
    write(`content/${dir}/pagina-${i}.md`, lines.join("\n"));
  }
}

module.exports = { generateSite };
