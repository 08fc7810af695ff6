/* Site search in the browser, over the export of the tantivy index in search/ (src/search/
   export.rs). It ranks exactly as `equilibri search`: the same Italian analysis (words, fold,
   stop words, Snowball stems), the same query (AND of stems, the last word also as a prefix)
   and tantivy's BM25 in 32-bit floats. tests/js/search.test.js holds it to the CLI's results.
   Nothing is fetched before the first search; results are built as DOM nodes, never as HTML. */
(function (factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    api.enhance(document, document.currentScript);
  }
})(function () {
  "use strict";
  var f = Math.fround;
  /* Rust's char::is_alphanumeric, as tantivy's SimpleTokenizer splits words. */
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var LONGEST_TOKEN = 40;
  /* Letters that tantivy's ASCII folding changes but Unicode does not decompose. */
  var FOLDS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l",
    "þ": "th", "ı": "i", "ŀ": "l", "ĳ": "ij", "ſ": "s" };

  function utf8Length(text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
    }
    return n;
  }

  function fold(word) {
    if (!/[^\x00-\x7f]/.test(word)) return word;
    var out = "";
    for (var ch of word) {
      var base = ch.normalize("NFKD").replace(/\p{M}/gu, "");
      out += /^[\x00-\x7f]+$/.test(base) ? base : FOLDS[ch] || ch;
    }
    return out;
  }

  /* Words as tantivy's stop-word filter sees them, with where they are in the text. */
  function foldedTokens(text) {
    var tokens = [], match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text))) {
      if (utf8Length(match[0]) < LONGEST_TOKEN) {
        tokens.push({ word: fold(match[0].toLowerCase()), start: match.index, end: WORD.lastIndex });
      }
    }
    return tokens;
  }

  /* ---- The Snowball Italian stemmer, for folded words (no accented letters reach it). ---- */
  function table(spec) {
    var map = {};
    spec.split(" ").forEach(function (group) {
      var parts = group.split(":");
      parts[0].split(",").forEach(function (s) { map[s] = +parts[1]; });
    });
    return map;
  }
  var PRONOUNS = table("la,cela,gliela,mela,tela,vela,le,cele,gliele,mele,tele,vele,ne,cene," +
    "gliene,mene,sene,tene,vene,ci,li,celi,glieli,meli,teli,veli,gli,mi,si,ti,vi,lo,celo,glielo," +
    "melo,telo,velo:1");
  var GERUNDS = table("ando,endo:1 ar,er,ir:2");
  var STANDARD = table("ica,osa,ista,anza,ice,atrice,iche,abile,ibile,ose,ante,mente,iste,anze," +
    "ici,atrici,ichi,abili,ibili,ismi,osi,anti,isti,ico,ismo,oso:1 azione,atore,azioni,atori:2 " +
    "logia,logie:3 usione,uzione,usioni,uzioni:4 enza,enze:5 amenti,imenti,amento,imento:6 " +
    "amente:7 iva,ive,ivi,ivo:9");
  var AMENTE = table("ic,abil,os:1 iv:2");
  var VERBS = table("isca,enda,ata,ita,uta,ava,eva,iva,erebbe,irebbe,isce,ende,are,ere,ire,asse," +
    "ate,avate,evate,ivate,ete,erete,irete,ite,ereste,ireste,ute,erai,irai,isci,endi,erei,irei," +
    "assi,ati,iti,eresti,iresti,uti,avi,evi,ivi,isco,ando,endo,iamo,avamo,evamo,ivamo,eremo," +
    "iremo,assimo,ammo,emmo,eremmo,iremmo,immo,ano,iscano,avano,evano,ivano,eranno,iranno,ono," +
    "iscono,arono,erono,irono,erebbero,irebbero,assero,essero,issero,ato,ito,uto,avo,evo,ivo,ar," +
    "ir:1");

  function isVowel(c) { return c !== undefined && "aeiou".indexOf(c) >= 0; }

  /* The longest suffix of w in the table that starts at or after `from`. */
  function suffix(w, map, from) {
    for (var n = Math.min(8, w.length - from); n > 0; n--) {
      var s = w.slice(-n);
      if (map[s]) return { text: s, value: map[s], start: w.length - n };
    }
    return null;
  }

  function stem(word) {
    var s = word.replace(/qu/g, "qU").split("");
    var n = s.length, i;
    for (i = 0; i + 2 < n; i++) {
      if (isVowel(s[i]) && (s[i + 1] === "u" || s[i + 1] === "i") && isVowel(s[i + 2])) {
        s[i + 1] = s[i + 1].toUpperCase();
        i++;
      }
    }
    /* Past the next vowel (or consonant) from `from`; -1 when there is none. */
    function past(vowel, from) {
      for (var k = from; k >= 0 && k < n; k++) if (isVowel(s[k]) === vowel) return k + 1;
      return -1;
    }
    var pV = n, p1 = n, p2 = n, r;
    if (isVowel(s[0])) {
      r = n > 1 ? past(isVowel(s[1]) ? false : true, 2) : -1;
      if (r >= 0) pV = r;
    } else if (word.slice(0, 5) === "divan") {
      pV = 5;
    } else if (n > 1) {
      r = isVowel(s[1]) ? (n > 2 ? 3 : -1) : past(true, 2);
      if (r >= 0) pV = r;
    }
    r = past(false, past(true, 0));
    if (r > 0) {
      p1 = r;
      r = past(false, past(true, r));
      if (r > 0) p2 = r;
    }
    var w = s.join(""), m, g;

    m = suffix(w, PRONOUNS, 0);
    if (m) {
      var before = w.slice(0, m.start);
      g = suffix(before, GERUNDS, 0);
      if (g && g.start >= pV) w = g.value === 1 ? before : before + "e";
    }

    function cut(match, at) { return match.start >= at && (w = w.slice(0, match.start), true); }
    function cutEnding(ending, at) {
      return w.slice(-ending.length) === ending && cut({ start: w.length - ending.length }, at);
    }
    m = suffix(w, STANDARD, 0);
    var done = false;
    if (m) {
      var v = m.value;
      if (v === 6) done = cut(m, pV);
      else if (v === 7) {
        done = cut(m, p1);
        if (done && (g = suffix(w, AMENTE, 0)) && cut(g, p2) && g.value === 2) cutEnding("at", p2);
      } else if ((done = cut(m, p2))) {
        if (v === 2) cutEnding("ic", p2);
        else if (v === 3) w += "log";
        else if (v === 4) w += "u";
        else if (v === 5) w += "ente";
        else if (v === 9 && cutEnding("at", p2)) cutEnding("ic", p2);
      }
    }
    if (!done && w.length >= pV && (m = suffix(w, VERBS, pV))) w = w.slice(0, m.start);

    if (w && "aeio".indexOf(w.slice(-1)) >= 0 && cut({ start: w.length - 1 }, pV)) cutEnding("i", pV);
    if (/[cg]h$/.test(w) && w.length - 2 >= pV) w = w.slice(0, -1);
    return w.replace(/I/g, "i").replace(/U/g, "u");
  }

  /* ---- Queries, as src/search/query.rs builds them. ---- */
  function queryWords(query, stopWords) {
    var stems = [], last = null;
    foldedTokens(query).forEach(function (token, i, all) {
      if (stopWords.has(token.word)) return;
      var s = stem(token.word);
      if (stems.indexOf(s) < 0) stems.push(s);
      if (i === all.length - 1) last = { prefix: token.word, stem: s };
    });
    return { stems: stems, last: last };
  }

  /* tantivy's field-norm code (Lucene's SmallFloat) back to a field length. */
  function fieldnormOf(code) {
    if (code < 24) return code;
    var x = code - 24, bits = x & 7, shift = (x >> 3) - 1;
    return 24 + (shift < 0 ? bits : (bits | 8) * Math.pow(2, shift));
  }

  /* Decodes a shard: [{stem, fields: [postings or null per weighted field]}] in byte order. */
  function decodeShard(bytes, fieldCount) {
    var at = 0, entries = [], previous = new Uint8Array(0), decoder = new TextDecoder();
    function varint() {
      var value = 0, shift = 0, byte;
      do { byte = bytes[at++]; value += (byte & 127) * Math.pow(2, shift); shift += 7; } while (byte & 128);
      return value;
    }
    while (at < bytes.length) {
      var shared = varint(), rest = varint();
      var key = new Uint8Array(shared + rest);
      key.set(previous.subarray(0, shared));
      key.set(bytes.subarray(at, at + rest), shared);
      at += rest;
      previous = key;
      var mask = bytes[at++], fields = [];
      for (var field = 0; field < fieldCount; field++) {
        if (!(mask & (1 << field))) { fields.push(null); continue; }
        var count = varint(), docs = new Uint32Array(count), tfs = new Uint32Array(count);
        var norms = new Uint8Array(count), doc = 0;
        for (var k = 0; k < count; k++) {
          var head = varint();
          doc += Math.floor(head / 2);
          docs[k] = doc;
          tfs[k] = head & 1 ? varint() + 2 : 1;
          norms[k] = bytes[at++];
        }
        fields.push({ docs: docs, tfs: tfs, norms: norms });
      }
      entries.push({ stem: decoder.decode(key), fields: fields });
    }
    return entries;
  }

  /* An open export. `load(path, "json" | "bytes")` returns a promise of the file under search/. */
  function Engine(meta, load) {
    this.meta = meta;
    this.load = load;
    this.shards = {};
    this.fragments = {};
    this.stopWords = new Set(meta.stopwords);
    var N = meta.docs, k1 = f(meta.k1), b = f(meta.b);
    this.fields = meta.fields.map(function (field) {
      var average = f(f(field.tokens) / f(N)), cache = new Float32Array(256);
      for (var code = 0; code < 256; code++) {
        cache[code] = f(k1 * f(f(1 - b) + f(f(b * f(fieldnormOf(code))) / average)));
      }
      return { boost: f(field.boost), cache: cache };
    });
    this.weightOf = function (docFreq, boost) {
      var x = f(f(f(N - docFreq) + 0.5) / f(f(docFreq) + 0.5));
      return f(f(f(Math.log(f(1 + x))) * f(1 + k1)) * boost);
    };
    this.firstStems = meta.shards.map(function (shard) { return shard[0]; });
  }

  /* The index of the last entry of `sorted` that is <= key (0 when none). */
  function lastAtMost(sorted, key) {
    var low = 0, high = sorted.length - 1;
    while (low < high) {
      var mid = (low + high + 1) >> 1;
      if (sorted[mid] <= key) low = mid; else high = mid - 1;
    }
    return low;
  }

  Engine.prototype.shard = function (index) {
    var self = this;
    if (!this.shards[index]) {
      this.shards[index] = this.load("shards/" + this.meta.shards[index][1] + ".bin", "bytes").then(function (bytes) {
        return decodeShard(bytes, self.fields.length);
      });
    }
    return this.shards[index];
  };

  /* The entry of a stem, or null. */
  Engine.prototype.entry = function (stem) {
    return this.shard(lastAtMost(this.firstStems, stem)).then(function (entries) {
      return entries.find(function (entry) { return entry.stem === stem; }) || null;
    });
  };

  /* The first `prefix_expansions` stems beginning with `prefix`, reading on across shards. */
  Engine.prototype.expansions = function (prefix) {
    var self = this, found = [], limit = this.meta.prefix_expansions;
    function scan(index) {
      return self.shard(index).then(function (entries) {
        for (var i = 0; i < entries.length && found.length < limit; i++) {
          var s = entries[i].stem;
          if (s.slice(0, prefix.length) === prefix) found.push(entries[i]);
          else if (s > prefix) return found;
        }
        var next = index + 1;
        if (found.length < limit && next < self.firstStems.length &&
            self.firstStems[next].slice(0, prefix.length) === prefix) return scan(next);
        return found;
      });
    }
    return scan(lastAtMost(this.firstStems, prefix));
  };

  /* Ranks the documents matching `query` with filters `type` and `district` (names).
     Resolves to { hits: [{doc, score}] best first, total, types: {name: n}, districts }. */
  Engine.prototype.search = function (query, options) {
    var self = this, meta = this.meta;
    var words = queryWords(query, this.stopWords);
    if (!words.stems.length) return Promise.resolve({ hits: [], total: 0, types: {}, districts: {} });
    var groups = words.stems.map(function (s) { return self.entry(s).then(function (e) { return e ? [e] : []; }); });
    if (words.last) {
      var at = words.stems.indexOf(words.last.stem);
      groups[at] = Promise.all([groups[at], this.expansions(words.last.prefix)]).then(function (both) {
        return both[0].concat(both[1].filter(function (e) { return e.stem !== words.last.stem; }));
      });
    }
    return Promise.all(groups).then(function (groups) {
      var total = null;
      groups.forEach(function (entries) {
        var scores = new Map();
        entries.forEach(function (entry) {
          entry.fields.forEach(function (postings, field) {
            if (!postings) return;
            var spec = self.fields[field];
            var weight = self.weightOf(postings.docs.length, spec.boost);
            for (var k = 0; k < postings.docs.length; k++) {
              var tf = f(postings.tfs[k]);
              var score = f(weight * f(tf / f(tf + spec.cache[postings.norms[k]])));
              var doc = postings.docs[k];
              scores.set(doc, f((scores.get(doc) || 0) + score));
            }
          });
        });
        if (total === null) total = scores;
        else {
          var both = new Map();
          total.forEach(function (score, doc) {
            if (scores.has(doc)) both.set(doc, f(score + scores.get(doc)));
          });
          total = both;
        }
      });
      var type = options.type ? meta.types.indexOf(options.type) : -1;
      var district = options.district ? meta.districts.indexOf(options.district) : -1;
      var result = { hits: [], total: 0, types: {}, districts: {} };
      total.forEach(function (score, doc) {
        var typeMatch = !options.type || meta.doc_types[doc] === type;
        var set = meta.district_sets[meta.doc_districts[doc]];
        var districtMatch = !options.district || set.indexOf(district) >= 0;
        if (districtMatch) count(result.types, meta.types[meta.doc_types[doc]]);
        if (typeMatch) set.forEach(function (d) { count(result.districts, meta.districts[d]); });
        if (typeMatch && districtMatch) result.hits.push({ doc: doc, score: score });
      });
      result.total = result.hits.length;
      result.hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      result.hits = result.hits.slice(0, options.limit || 10);
      return result;
    });
  };

  function count(counts, name) { counts[name] = (counts[name] || 0) + 1; }

  /* A document's [path, title, date, description, excerpt], from its fragment group. */
  Engine.prototype.document = function (doc) {
    var meta = this.meta, group = 0, first = 0;
    while (doc >= first + meta.fragment_sizes[group]) first += meta.fragment_sizes[group++];
    if (!this.fragments[group]) {
      var width = meta.fragments.length / meta.fragment_sizes.length;
      var hash = meta.fragments.substr(group * width, width);
      this.fragments[group] = this.load("fragments/" + hash + ".json", "json");
    }
    return this.fragments[group].then(function (docs) { return docs[doc - first]; });
  };

  function open(load) {
    return load("meta.json", "json").then(function (meta) { return new Engine(meta, load); });
  }

  /* ---- The page: /cerca/ with its form, filters, live region and result list. ---- */
  var EXCERPT_CHARS = 220;

  /* The part of `text` around its first match of `query`, as [text, isMatch] pieces. */
  function excerpt(text, words, stopWords) {
    var marks = foldedTokens(text).filter(function (token) {
      if (stopWords.has(token.word)) return false;
      var last = words.last;
      return words.stems.indexOf(stem(token.word)) >= 0 ||
        (last && token.word.slice(0, last.prefix.length) === last.prefix);
    });
    if (!marks.length) return null;
    var from = Math.max(0, text.lastIndexOf(" ", Math.max(0, marks[0].start - 60)) + 1);
    if (marks[0].start - from > 60) from = marks[0].start;
    var to = Math.min(text.length, from + EXCERPT_CHARS);
    var pieces = [[from > 0 ? "…" : "", false]], at = from;
    marks.forEach(function (mark) {
      if (mark.start < at || mark.end > to) return;
      pieces.push([text.slice(at, mark.start), false], [text.slice(mark.start, mark.end), true]);
      at = mark.end;
    });
    pieces.push([text.slice(at, to) + (to < text.length ? "…" : ""), false]);
    return pieces;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function enhance(doc, script) {
    var form = doc.querySelector("[data-search-form]");
    if (!form) return;
    var labels = JSON.parse(script.getAttribute("data-labels"));
    var base = script.getAttribute("data-base");
    var index = script.getAttribute("data-index");
    var input = form.querySelector("input[name=q]");
    var status = doc.querySelector("[data-search-status]");
    var list = doc.querySelector("[data-search-results]");
    var selects = { tipo: form.querySelector("select[name=tipo]"), distretto: form.querySelector("select[name=distretto]") };
    var districtNames = JSON.parse(script.getAttribute("data-districts") || "{}");
    doc.querySelectorAll("[data-search-nojs]").forEach(function (node) { node.hidden = true; });
    form.querySelector("[data-search-filters]").hidden = false;
    var engine = null, generation = 0, timer = null;

    function load(path, kind) {
      /* meta.json keeps its name across builds: ask the server whether it changed. */
      return fetch(index + path, { cache: path === "meta.json" ? "no-cache" : "default" }).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + path);
        return kind === "json" ? response.json() : response.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      });
    }

    function options(select, names, counts, chosen, labelOf) {
      while (select.options.length > 1) select.remove(1);
      names.forEach(function (name) {
        if (!counts[name] && name !== chosen) return;
        var option = doc.createElement("option");
        option.value = name;
        option.textContent = labelOf(name) + " (" + (counts[name] || 0) + ")";
        option.selected = name === chosen;
        select.appendChild(option);
      });
    }

    function render(query, words, result, documents) {
      list.textContent = "";
      documents.forEach(function (document, i) {
        var item = doc.createElement("li"), link = doc.createElement("a"), meta = doc.createElement("p");
        link.href = base + document[0];
        link.textContent = document[1];
        var heading = doc.createElement("h2");
        heading.appendChild(link);
        meta.className = "search-meta";
        meta.textContent = (labels.types[engine.meta.types[engine.meta.doc_types[result.hits[i].doc]]] || "") +
          (document[2] ? " · " + document[2].split("-").reverse().join("/") : "");
        item.append(heading, meta);
        var pieces = excerpt(document[4], words, engine.stopWords) ||
          excerpt(document[3], words, engine.stopWords) || [[document[3] || document[4].slice(0, EXCERPT_CHARS), false]];
        var text = doc.createElement("p");
        pieces.forEach(function (piece) {
          var node = piece[1] ? doc.createElement("mark") : doc.createTextNode(piece[0]);
          if (piece[1]) node.textContent = piece[0];
          text.appendChild(node);
        });
        item.appendChild(text);
        list.appendChild(item);
      });
      var n = result.total;
      status.textContent = fill(n === 0 ? labels.no_results : n === 1 ? labels.results_one : labels.results_many, { n: n, query: query });
    }

    function run() {
      var query = input.value.trim(), mine = ++generation;
      var chosen = { type: selects.tipo.value, district: selects.distretto.value };
      if (!query) { list.textContent = ""; status.textContent = ""; return; }
      if (!engine) status.textContent = labels.loading;
      (engine ? Promise.resolve(engine) : open(load).then(function (e) { return (engine = e); }))
        .then(function (engine) {
          var words = queryWords(query, engine.stopWords);
          return engine.search(query, { type: chosen.type, district: chosen.district, limit: 10 }).then(function (result) {
            return Promise.all(result.hits.map(function (hit) { return engine.document(hit.doc); })).then(function (documents) {
              if (mine !== generation) return;
              options(selects.tipo, engine.meta.types, result.types, chosen.type, function (t) { return labels.types[t] || t; });
              options(selects.distretto, engine.meta.districts, result.districts, chosen.district, function (d) { return districtNames[d] || d; });
              render(query, words, result, documents);
            });
          });
        })
        .catch(function () { if (mine === generation) status.textContent = labels.error; });
    }

    /* The query lives in the URL: /cerca/?q=congedo&tipo=servizio. */
    function fromUrl() {
      var params = new URLSearchParams(doc.defaultView.location.search);
      input.value = params.get("q") || "";
      [["tipo", selects.tipo], ["distretto", selects.distretto]].forEach(function (pair) {
        var value = params.get(pair[0]) || "";
        if (value && !Array.prototype.some.call(pair[1].options, function (o) { return o.value === value; })) {
          var option = doc.createElement("option");
          option.value = option.textContent = value;
          pair[1].appendChild(option);
        }
        pair[1].value = value;
      });
      run();
    }
    function toUrl(push) {
      var params = new URLSearchParams();
      if (input.value.trim()) params.set("q", input.value.trim());
      if (selects.tipo.value) params.set("tipo", selects.tipo.value);
      if (selects.distretto.value) params.set("distretto", selects.distretto.value);
      var url = "?" + params.toString();
      var history = doc.defaultView.history;
      push ? history.pushState(null, "", url) : history.replaceState(null, "", url);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { toUrl(false); run(); }, 150);
    });
    form.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT") { toUrl(true); run(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      toUrl(true);
      run();
    });
    doc.defaultView.addEventListener("popstate", fromUrl);
    /* Arrow keys move between the box and the results. */
    form.parentNode.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(doc.activeElement);
      if (doc.activeElement !== input && at < 0) return;
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      event.preventDefault();
      (next < 0 ? input : links[Math.min(next, links.length - 1)] || input).focus();
    });
    fromUrl();
  }

  return { fold: fold, stem: stem, queryWords: queryWords, open: open, excerpt: excerpt, enhance: enhance };
});
