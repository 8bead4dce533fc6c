// The window's start-up benchmark (run by `cargo xtask bench`): time from asking
// WebDriver to launch an app until its first screen is usable, for IdentDesk over a cache of
// 100 000 identifications (until the list shows rows) and for a bare Tauri window built the
// same way (until its one line of HTML shows). Prints medians and their ratio as JSON.
//
// usage: node startup-bench.mjs IDENTDESK_BIN BARE_WINDOW_BIN DATA_DIR [ROUNDS]
import { spawn } from "node:child_process";
import { freePort, openSession, waitForPort } from "./driver.mjs";

const [identdesk, bare, dataDir, roundsArg = "7"] = process.argv.slice(2);
if (!identdesk || !bare || !dataDir) {
  console.error("usage: node startup-bench.mjs IDENTDESK_BIN BARE_WINDOW_BIN DATA_DIR [ROUNDS]");
  process.exit(2);
}
const rounds = Number(roundsArg);

const port = await freePort();
const driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port), "--native-port", String(await freePort())], {
  stdio: ["ignore", "ignore", "inherit"],
  detached: true,
  // The app under test inherits this: the prepared cache, no background sync.
  env: { ...process.env, IDENTDESK_DATA_DIR: dataDir, IDENTDESK_SYNC_INTERVAL_SECONDS: "0" },
});

/** Milliseconds from the session request (which launches the app) until `selector` shows. */
async function timeToReady(application, selector) {
  const started = performance.now();
  const browser = await openSession(port, application, "error");
  try {
    await browser.waitUntil(() => browser.execute((s) => document.querySelector(s) !== null, selector), {
      interval: 5,
      timeout: 60_000,
      timeoutMsg: `${selector} did not appear in ${application}`,
    });
    return performance.now() - started;
  } finally {
    await browser.deleteSession().catch(() => {});
    // Let the app exit and release its data-folder lock before the next launch.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

try {
  await waitForPort(port, 15_000);
  const apps = {
    identdesk: [identdesk, '[data-testid="identification-row"]'],
    bare: [bare, '[data-testid="ready"]'],
  };
  const samples = { identdesk: [], bare: [] };
  // One unmeasured launch each fills the OS file cache; then the two alternate.
  for (const [bin, selector] of Object.values(apps)) await timeToReady(bin, selector);
  for (let round = 0; round < rounds; round++) {
    for (const [name, [bin, selector]] of Object.entries(apps)) samples[name].push(await timeToReady(bin, selector));
  }
  const identdeskMs = median(samples.identdesk);
  const bareMs = median(samples.bare);
  console.log(JSON.stringify({ rounds, identdesk_ms: identdeskMs, bare_window_ms: bareMs, ratio: identdeskMs / bareMs, samples }, null, 2));
} finally {
  try {
    process.kill(-driver.pid, "SIGKILL");
  } catch {
    // already gone
  }
}
