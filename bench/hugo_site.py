#!/usr/bin/env python3
"""Completes a corpus from gen_corpus.py --flavor hugo into a Hugo site with a minimal layout:
the same pages, sections and taxonomies, each page as plain HTML. Usage: bench/hugo_site.py DIR"""
import pathlib, sys

site = pathlib.Path(sys.argv[1])
(site / "hugo.yaml").write_text(
    'baseURL: "http://127.0.0.1/"\nlanguageCode: it\ntitle: Corpus\n'
    "taxonomies: { tema: temi, distretto: distretti }\n"
    "disableKinds: [RSS, sitemap, robotsTXT]\n"
)
layouts = site / "layouts" / "_default"
layouts.mkdir(parents=True, exist_ok=True)
(layouts / "baseof.html").write_text(
    '<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
    "<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n"
)
(layouts / "single.html").write_text(
    '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Description }}</p>{{ .Content }}{{ end }}\n'
)
(layouts / "list.html").write_text(
    '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'
)
(site / "content" / "_index.md").write_text("---\ntitle: Corpus\n---\n")
