#!/usr/bin/env python3
"""Dev server benchmark: starts `equilibri serve` on a site, edits one page several times and
prints, for each kind of edit, the median time from the save to (1) the page's HTML updated on
disk and (2) the reload event on the server-sent event stream. Figures only, asserts nothing.

    bench/serve_edit.py BINARY SITE [EDITS]

Edits: a body-only change (the fast path), then a title change (which re-renders in memory every
page and writes what changed). Between edits it waits for the search index to catch up, as an
editor who pauses would.
"""
import json
import pathlib
import socket
import statistics
import subprocess
import sys
import threading
import time


def main():
    binary, site = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    server = subprocess.Popen([binary, "serve", "--port", "0", "--verbose", "--root", str(site)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines = []
    started = time.monotonic()
    url = None
    for line in server.stdout:
        if line.startswith("Serving "):
            url = line.split()[1]
            break
    first_build = time.monotonic() - started
    threading.Thread(target=lambda: [lines.append(l) for l in server.stdout], daemon=True).start()
    host, port = url.split("/")[2].split(":")
    events = EventStream(host, int(port))
    try:
        wait_for_search(lines, 0)
        page = pick_page(site)
        html = site / ".equilibri-serve/public" / page.relative_to(site / "content").with_suffix("") / "index.html"
        original = page.read_text(encoding="utf-8")
        print(f"serve, {site.name}: first build and listening after {first_build:.2f} s; editing {page.relative_to(site)}")
        for kind, change in [
            ("body edit (fast path)", lambda n: original + f"\n\nModifica di prova numero {n}.\n"),
            ("title edit (full re-render)", lambda n: retitled(original, f"Prova {n}")),
        ]:
            disk, event = [], []
            for n in range(edits):
                text = change(n)
                marker = f"Prova {n}" if "title" in kind else f"Modifica di prova numero {n}."
                events_before, searches_before = len(events.built), search_updates(lines)
                saved = time.monotonic()
                page.write_text(text, encoding="utf-8")
                while marker not in html.read_text(encoding="utf-8", errors="replace"):
                    time.sleep(0.0005)
                disk.append(time.monotonic() - saved)
                event.append(events.wait(events_before) - saved)
                wait_for_search(lines, searches_before)
            print(f"  {kind}: save → HTML on disk {ms(disk)}, save → reload event {ms(event)} "
                  f"(median of {edits}; min {min(disk) * 1000:.0f} / {min(event) * 1000:.0f} ms)")
        page.write_text(original, encoding="utf-8")
        search = [l for l in lines if l.startswith("Search index updated")]
        if search:
            print(f"  search index and export, after the editor pauses: {search[-1].split(' in ')[1].strip()}")
    finally:
        server.terminate()
        server.wait()


def ms(values):
    return f"{statistics.median(values) * 1000:.0f} ms"


def retitled(text, title):
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("title:"):
            lines[index] = f'title: "{title}"'
            break
    return "\n".join(lines)


def pick_page(site):
    """A page in a section (not a section index, not the home page)."""
    for page in sorted((site / "content").rglob("*.md")):
        if page.name != "_index.md" and page.parent != site / "content" and "punti" not in page.parts:
            return page
    raise SystemExit("no page to edit")


def search_updates(lines):
    return sum(1 for line in lines if line.startswith("Search index updated"))


def wait_for_search(lines, before, timeout=120):
    """Waits until the search index has been updated more than `before` times."""
    deadline = time.monotonic() + timeout
    while search_updates(lines) <= before:
        if time.monotonic() > deadline:
            raise SystemExit("the search index was never updated")
        time.sleep(0.02)


class EventStream:
    """The server's event stream, read on a thread; records when each `built` event arrives."""

    def __init__(self, host, port):
        self.built = []
        sock = socket.create_connection((host, port))
        sock.sendall(f"GET /__equilibri/events HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        self.file = sock.makefile("r", encoding="utf-8")
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        name = None
        for line in self.file:
            line = line.rstrip("\r\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: ") and name == "built":
                self.built.append((time.monotonic(), json.loads(line[6:])))
            elif not line:
                name = None

    def wait(self, count, timeout=120):
        """When the event after the first `count` built events arrived."""
        deadline = time.monotonic() + timeout
        while len(self.built) <= count:
            if time.monotonic() > deadline:
                raise SystemExit("no reload event")
            time.sleep(0.0005)
        return self.built[count][0]


if __name__ == "__main__":
    main()
