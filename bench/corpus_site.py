#!/usr/bin/env python3
"""Completes a corpus from ../shared/bench/gen_corpus.py (--flavor plain) into an equilibri site:
a site.yaml whose districts list the municipalities its info points use, a home page, and the
default theme. Usage: bench/corpus_site.py SITE_DIR"""
import pathlib, re, shutil, sys
site = pathlib.Path(sys.argv[1])
shutil.copytree(pathlib.Path(__file__).resolve().parent.parent / "themes", site / "themes", dirs_exist_ok=True)
districts = {d: set() for d in ["san-donato", "paullese", "pieve-emanuele", "rozzano"]}
for point in (site / "content/punti").glob("*.yaml"):
    text = point.read_text()
    district = re.search(r"^district: (.+)$", text, re.M).group(1).strip()
    districts[district].add(re.search(r"^municipality: (.+)$", text, re.M).group(1).strip())
lines = [
    'title: "Corpus di prova"',
    'description: "Corpus generato per il benchmark della ricerca"',
    'base_url: "http://127.0.0.1:8391/"',
    "taxonomies:",
    "  - { name: temi, title: Temi, path: temi }",
    "  - { name: distretti, title: Distretti, path: distretti }",
    "districts:",
]
for district, names in districts.items():
    towns = ", ".join(sorted(names) or ["Comune"])
    lines.append(f'  - {{ id: {district}, name: "Distretto {district}", municipalities: [{towns}], source: esempio }}')
lines += [
    "search:",
    "  types: { servizi: servizio, partner: partner, buone-prassi: buona-prassi, notizie: notizia }",
    "  district_taxonomy: distretti",
    "info_points:",
    "  bounds: { south: 45.0, west: 8.8, north: 45.8, east: 9.8 }",
]
(site / "content/_index.md").write_text("---\ntitle: Corpus di prova\n---\n")
(site / "site.yaml").write_text("\n".join(lines) + "\n")
