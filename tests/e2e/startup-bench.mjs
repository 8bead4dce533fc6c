// The window's start-up benchmark (run by `cargo xtask bench`): time from asking WebDriver
// to launch the app until it is interactive — a row of the list opened and its detail shown
// — over a cache of 1 000 and one of 1 000 000 identifications (the cost must not grow with
// the cache), and until a bare Tauri window built the same way shows its HTML, for scale.
// Then, in the same session, the Overview screen: from the click on its navigation entry
// until its figures are shown. Prints medians and ratios as JSON.
//
// usage: node startup-bench.mjs IDENTDESK_BIN BARE_WINDOW_BIN SMALL_DATA_DIR LARGE_DATA_DIR [ROUNDS]
import { spawn } from "node:child_process";
import { freePorts, openSession, waitForPort } from "./driver.mjs";

const [identdesk, bare, smallDir, largeDir, roundsArg = "7"] = process.argv.slice(2);
if (!identdesk || !bare || !smallDir || !largeDir) {
  console.error("usage: node startup-bench.mjs IDENTDESK_BIN BARE_WINDOW_BIN SMALL_DATA_DIR LARGE_DATA_DIR [ROUNDS]");
  process.exit(2);
}
const rounds = Number(roundsArg);
const drivers = [];

/** A tauri-driver whose apps open `dataDir` (the app inherits the driver's environment). */
async function driverFor(dataDir) {
  const [port, nativePort] = await freePorts();
  const driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
    env: { ...process.env, IDENTDESK_DATA_DIR: dataDir, IDENTDESK_SYNC_INTERVAL_SECONDS: "0" },
  });
  drivers.push(driver);
  await waitForPort(port, 15_000);
  return port;
}

/** Milliseconds from the session request (which launches the app) until `ready` holds;
 * `after` runs then, in the same session, unmeasured here. */
async function timeToReady(port, application, ready, after) {
  const started = performance.now();
  const browser = await openSession(port, application, "error");
  try {
    await ready(browser);
    const elapsed = performance.now() - started;
    if (after) await after(browser);
    return elapsed;
  } finally {
    await browser.deleteSession().catch(() => {});
    // Let the app exit and release its data-folder lock before the next launch.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  }
}

const shows = (browser, selector) =>
  browser.waitUntil(() => browser.execute((s) => document.querySelector(s) !== null, selector), {
    interval: 5,
    timeout: 120_000,
    timeoutMsg: `${selector} did not appear`,
  });

/** Interactive: the first row opens and its detail shows. */
async function rowOpened(browser) {
  await shows(browser, '[data-testid="identification-row"]');
  await browser.execute(() => document.querySelector('[data-testid="identification-row"]').click());
  await shows(browser, '[data-testid="detail"]');
}

const overviewMs = { small: [], large: [] };

/** The Overview screen opened from the navigation until its figures show. */
const overviewOpened = (name) => async (browser) => {
  await browser.execute(() => document.querySelector('[data-testid="back"]')?.click());
  await shows(browser, '[data-testid="nav-overview"]');
  const started = performance.now();
  await browser.execute(() => document.querySelector('[data-testid="nav-overview"]').click());
  await shows(browser, '[data-testid="overview-ready"]');
  overviewMs[name].push(performance.now() - started);
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

try {
  const apps = {
    small: [await driverFor(smallDir), identdesk, rowOpened, overviewOpened("small")],
    large: [await driverFor(largeDir), identdesk, rowOpened, overviewOpened("large")],
    bare: [await driverFor(smallDir), bare, (b) => shows(b, '[data-testid="ready"]')],
  };
  const samples = { small: [], large: [], bare: [] };
  // One unmeasured launch each fills the OS file cache; then the three alternate.
  for (const [port, bin, ready] of Object.values(apps)) await timeToReady(port, bin, ready);
  for (let round = 0; round < rounds; round++) {
    for (const [name, [port, bin, ready, after]] of Object.entries(apps)) samples[name].push(await timeToReady(port, bin, ready, after));
  }
  const [small, large, bareMs] = [median(samples.small), median(samples.large), median(samples.bare)];
  console.log(
    JSON.stringify(
      {
        rounds,
        small_ms: small,
        large_ms: large,
        bare_window_ms: bareMs,
        ratio: large / small,
        ratio_to_bare: large / bareMs,
        overview_small_ms: median(overviewMs.small),
        overview_large_ms: median(overviewMs.large),
        samples,
        overview_samples: overviewMs,
      },
      null,
      2,
    ),
  );
} finally {
  for (const driver of drivers) {
    try {
      process.kill(-driver.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
