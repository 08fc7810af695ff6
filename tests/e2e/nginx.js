// nginx from Debian serving a built site under a sub-path, with the HTTP headers the theme ships
// in public/_headers and the redirects of public/nginx-redirects.conf: a real static host.
"use strict";
const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");
const { spawn } = require("node:child_process");

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/* The `/*` block of a _headers file as nginx `add_header` lines. */
function headerLines(file) {
  const lines = [];
  let inAll = false;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("#") || !line.trim()) continue;
    if (!/^\s/.test(line)) { inAll = line.trim() === "/*"; continue; }
    if (!inAll) continue;
    const [name, ...value] = line.trim().split(":");
    lines.push(`add_header ${name} "${value.join(":").trim()}" always;`);
  }
  return lines;
}

function waitForPort(port, child) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10000;
    (function attempt() {
      if (child.exitCode !== null) return reject(new Error(`nginx exited with ${child.exitCode}`));
      const socket = net.connect(port, "127.0.0.1", () => { socket.end(); resolve(); });
      socket.on("error", () => {
        if (Date.now() > deadline) reject(new Error("nginx did not start"));
        else setTimeout(attempt, 50);
      });
    })();
  });
}

async function startNginx({ work, site, port, prefix }) {
  const config = path.join(work, "nginx.conf");
  const log = path.join(work, "nginx-error.log");
  fs.writeFileSync(config, [
    process.getuid && process.getuid() === 0 ? "user root;" : "",
    "daemon off;", "worker_processes 1;", `pid ${path.join(work, "nginx.pid")};`, `error_log ${log};`,
    "events {}",
    "http {",
    "  include /etc/nginx/mime.types;", "  default_type application/octet-stream;", "  access_log off;",
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${path.join(work, t)};`),
    `  include ${path.join(site, "nginx-redirects.conf")};`,
    "  server {",
    `    listen 127.0.0.1:${port};`,
    ...headerLines(path.join(site, "_headers")).map((l) => `    ${l}`),
    "    if ($equilibri_redirect) { return 301 $equilibri_redirect; }",
    `    location ${prefix} {`,
    `      alias ${site}/;`,
    `      error_page 404 ${prefix}404.html;`,
    "    }",
    "  }",
    "}",
  ].join("\n"));
  const child = spawn("/usr/sbin/nginx", ["-c", config, "-p", work], { stdio: "inherit" });
  await waitForPort(port, child);
  return { stop: () => child.kill("SIGTERM"), log };
}

module.exports = { startNginx, freePort };
