// Debian's Chromium, headless, driven by playwright-core, with the flags a closed network needs
// (no background connections that would be refused).
"use strict";
const { chromium } = require("playwright-core");

function launchChromium() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

module.exports = { launchChromium };
