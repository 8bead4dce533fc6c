// The window's start-up benchmark (run by `cargo xtask bench`): time from asking WebDriver
// to launch the app until the first rows of the list are painted, and until it is
// interactive — a row of the list opened and its detail shown — over a cache of 1 000 and
// one of 1 000 000 identifications (the cost must not grow with the cache), and until a
// bare Tauri window built the same way shows its HTML, for scale; and the same moments in a
// window with the app's UI stack and nothing of the app (React, Mantine, the app's theme and
// styles: bench/stack-window), the floor of that stack. Then, in the same
// session, the Overview screen: from the click on its navigation entry until its figures
// are shown. Last, memory at idle: the app over 100 000 cached, the bare window and the
// React + Mantine one, each 30 s after it showed, the resident memory of its process and its
// WebKit processes. The app and the React + Mantine window start with the environment the
// packages' desktop entry sets (IDENTDESK_LAUNCH_ENV: JavaScriptCore's options); the app's
// memory is read once more started without it, as from a terminal.
// The start-up moments are read from the page's own clock (the page's start after the
// launch, then its `performance.now()`), for the app and the two yardsticks alike. Prints
// medians and ratios as JSON.
//
// usage: node startup-bench.mjs IDENTDESK_BIN BARE_WINDOW_BIN STACK_WINDOW_BIN SMALL_DATA_DIR LARGE_DATA_DIR MID_DATA_DIR [ROUNDS]
import { spawn } from "node:child_process";
import { readFileSync, readlinkSync } from "node:fs";
import { freePorts, launchEnvironment, openSession, processesInGroup, waitForPort } from "./driver.mjs";

const [identdesk, bare, stack, smallDir, largeDir, midDir, roundsArg = "7"] = process.argv.slice(2);
if (!identdesk || !bare || !stack || !smallDir || !largeDir || !midDir) {
  console.error(
    "usage: node startup-bench.mjs IDENTDESK_BIN BARE_WINDOW_BIN STACK_WINDOW_BIN SMALL_DATA_DIR LARGE_DATA_DIR MID_DATA_DIR [ROUNDS]",
  );
  process.exit(2);
}
const rounds = Number(roundsArg);
const drivers = [];
/** The process group each driver's port leads (tauri-driver, WebKitWebDriver, the app and
 *  its WebKit processes all stay in it). */
const groups = new Map();

/** A tauri-driver whose apps open `dataDir` (the app inherits the driver's environment), with
 *  the environment the packages' desktop entry sets when `asDesktopEntry` (IdentDesk as an
 *  officer's menu starts it), without it for the bare window and a start from a terminal. */
async function driverFor(dataDir, asDesktopEntry = false) {
  const [port, nativePort] = await freePorts();
  const driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
    env: {
      ...process.env,
      ...(asDesktopEntry ? launchEnvironment() : {}),
      IDENTDESK_DATA_DIR: dataDir,
      IDENTDESK_SYNC_INTERVAL_SECONDS: "0",
    },
  });
  drivers.push(driver);
  groups.set(port, driver.pid);
  await waitForPort(port, 15_000);
  return port;
}

/** What a mapping of /proc/<pid>/smaps holds, for "where the idle memory is": the process's
 *  own program, a library the comparison names, or memory of no file (heaps — JavaScript's,
 *  malloc's — stacks, and library pages written at load). */
const MAPPING_KINDS = [
  ["crypto", /\/libcrypto\.so/],
  ["icu", /\/libicu/],
  ["webkit", /\/lib(webkit2gtk|javascriptcoregtk)-/],
  ["gl", /\/(libLLVM|libgallium|dri\/|libGL|libEGL|libgbm|libglapi)/],
];

/** Resident kilobytes of process `pid` by kind of mapping (see MAPPING_KINDS): `program`,
 *  `anonymous` (pages of no file, including a library's copied-on-write ones), the named
 *  libraries, and `other` shared libraries and files. */
function residentByKind(pid) {
  let program = null;
  try {
    program = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    // not ours to read: its program counts as a file like any other
  }
  const kinds = { program: 0, anonymous: 0, crypto: 0, icu: 0, webkit: 0, gl: 0, other: 0 };
  let kind = "other";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const file = mapping[1];
      kind =
        file === program
          ? "program"
          : !file.startsWith("/")
            ? "anonymous"
            : (MAPPING_KINDS.find(([, re]) => re.test(file))?.[0] ?? "other");
    } else if (line.startsWith("Rss:")) kinds[kind] += Number(line.split(/\s+/)[1]);
    else if (line.startsWith("Anonymous:") && kind !== "anonymous") {
      // A file mapping's written pages (relocations, data) are the process's own.
      const written = Number(line.split(/\s+/)[1]);
      kinds[kind] -= written;
      kinds.anonymous += written;
    }
  }
  return kinds;
}

/** Resident kilobytes (RSS, and PSS: shared pages split among their sharers) of the window's
 *  processes in `group`: the app and its WebKit processes, not the two drivers. */
function windowMemory(group) {
  let rss = 0;
  let pss = 0;
  const processes = [];
  for (const { pid, name } of processesInGroup(group)) {
    try {
      if (/tauri-driver|WebKitWebDriver/.test(name)) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const field = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0);
      rss += field("Rss");
      pss += field("Pss");
      processes.push({ name, rss_kib: field("Rss"), pss_kib: field("Pss"), by_kind_kib: residentByKind(pid) });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return { rss_kib: rss, pss_kib: pss, processes };
}

/** Milliseconds from the session request (which launches the app) until `ready` holds (or
 *  what `ready` answers: a moment it read from the page's clock); `after` runs then, in the
 *  same session, unmeasured here. */
async function timeToReady(port, application, ready, after) {
  const started = performance.now();
  const launchedAtEpoch = Date.now();
  const browser = await openSession(port, application, "error");
  try {
    const moment = await ready(browser, started, launchedAtEpoch);
    const elapsed = typeof moment === "number" ? moment : performance.now() - started;
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

/** In the page, on the page's clock: `selector` awaited and two frames drawn after it (what
 *  the officer sees). Waiting inside the page counts no WebDriver round trip: WebKit holds a
 *  script sent while the page's own script runs for up to half a second. */
const paintedInPage = (browser, selector) =>
  browser.executeAsync((s, done) => {
    const look = () =>
      document.querySelector(s) ? requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))) : setTimeout(look, 5);
    look();
  }, selector);

/** Milliseconds since the launch at which the first rows were painted, per launch. */
let rowsPaintedAt = null;

/** Where a launch's time went, from the page's own clock: the page's start after the launch,
 *  and after the page's start the first contentful paint, the entry script (`main`), the
 *  app's code (`boot`), its first render call (`render`) and React's first commit. */
const phases = { app: [], bare: [], stack: [] };
const phasesOf = async (browser, launchedAtEpoch) => {
  const t = await browser.execute(() => ({
    origin: performance.timeOrigin,
    marks: Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])),
    fcp: performance.getEntriesByType("paint").find((p) => p.name === "first-contentful-paint")?.startTime ?? null,
  }));
  return {
    page_start: t.origin - launchedAtEpoch,
    first_paint: t.fcp,
    main: t.marks.main ?? null,
    render: t.marks.render ?? null,
    boot: t.marks.boot ?? null,
    commit: t.marks.commit ?? null,
  };
};

/** The list's rows: those the page was served with until React's live ones replace them. */
const ROWS = '[data-testid="first-row"], [data-testid="identification-row"]';

/** Interactive: the first row painted (the first rows' paint noted), clicked at once, and
 *  its detail shown; all in one script in the page, on the page's clock, so the click
 *  lands when an officer's would. It goes to whichever row is there. The launch's phases
 *  go to `phases[which]`. */
const rowOpened = (which) => async (browser, _started, launchedAtEpoch) => {
  const times = await browser.executeAsync((rows, done) => {
    const look = () => {
      if (!document.querySelector(rows)) return void setTimeout(look, 5);
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          const painted = performance.now();
          document.querySelector(rows).click();
          const shown = () =>
            document.querySelector('[data-testid="detail"]') ? done({ painted, opened: performance.now() }) : setTimeout(shown, 5);
          shown();
        }),
      );
    };
    look();
  }, ROWS);
  const launch = await phasesOf(browser, launchedAtEpoch);
  phases[which].push(launch);
  rowsPaintedAt = launch.page_start + times.painted;
  return launch.page_start + times.opened;
};

/** The bare window: its HTML shown and painted. */
async function bareShown(browser, _started, launchedAtEpoch) {
  const painted = await paintedInPage(browser, '[data-testid="ready"]');
  const launch = await phasesOf(browser, launchedAtEpoch);
  phases.bare.push(launch);
  return launch.page_start + painted;
}

const overviewMs = { small: [], large: [] };

/** The Overview screen opened from the navigation until its figures show and two frames are
 *  drawn after them: the click and the wait in one script in the page, on the page's clock
 *  (polling through WebDriver counted the harness too: WebKit holds a script sent while the
 *  page's own script runs, here the screen's chunk loading, for up to half a second). */
const overviewOpened = (name) => async (browser) => {
  await browser.execute(() => document.querySelector('[data-testid="back"]')?.click());
  await shows(browser, '[data-testid="nav-overview"]');
  const ms = await browser.executeAsync((done) => {
    const started = performance.now();
    document.querySelector('[data-testid="nav-overview"]').click();
    const look = () =>
      document.querySelector('[data-testid="overview-ready"]')
        ? requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)))
        : setTimeout(look, 5);
    look();
  });
  overviewMs[name].push(ms);
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

try {
  const apps = {
    small: [await driverFor(smallDir, true), identdesk, rowOpened("app"), overviewOpened("small")],
    large: [await driverFor(largeDir, true), identdesk, rowOpened("app"), overviewOpened("large")],
    bare: [await driverFor(smallDir), bare, bareShown],
    // The app's UI stack alone is started as the app is: its yardstick is the same engine.
    stack: [await driverFor(smallDir, true), stack, rowOpened("stack")],
  };
  const samples = { small: [], large: [], bare: [], stack: [] };
  const rowsPainted = { small: [], large: [], stack: [] };
  // One unmeasured launch each fills the OS file cache; then the three alternate.
  for (const [port, bin, ready] of Object.values(apps)) await timeToReady(port, bin, ready);
  for (let round = 0; round < rounds; round++) {
    for (const [name, [port, bin, ready, after]] of Object.entries(apps)) {
      samples[name].push(await timeToReady(port, bin, ready, after));
      if (name in rowsPainted) rowsPainted[name].push(rowsPaintedAt);
    }
  }
  const [small, large, bareMs, stackMs] = [median(samples.small), median(samples.large), median(samples.bare), median(samples.stack)];
  const [rowsSmall, rowsLarge, rowsStack] = [median(rowsPainted.small), median(rowsPainted.large), median(rowsPainted.stack)];

  // Memory at idle: shown, then 30 s without input; three launches each, the median. The app
  // as its desktop entry starts it, and again as a start from a terminal would (`plain`).
  const memory = { app: [], plain: [], bare: [], stack: [] };
  const idle = (port) => async () => {
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    return windowMemory(groups.get(port));
  };
  const midPort = await driverFor(midDir, true);
  const plainPort = await driverFor(midDir);
  const listShown = (b) => shows(b, '[data-testid="identification-row"]');
  for (let round = 0; round < 3; round++) {
    for (const [name, port, bin, ready] of [
      ["app", midPort, identdesk, listShown],
      ["plain", plainPort, identdesk, listShown],
      ["bare", apps.bare[0], bare, bareShown],
      ["stack", apps.stack[0], stack, listShown],
    ]) {
      let sample = null;
      await timeToReady(port, bin, ready, async () => {
        sample = await idle(port)();
      });
      memory[name].push(sample);
    }
  }
  const medianBy = (list, key) => median(list.map((m) => m[key]));
  const idleMemory = {
    cached: 100_000,
    app_rss_mib: medianBy(memory.app, "rss_kib") / 1024,
    bare_rss_mib: medianBy(memory.bare, "rss_kib") / 1024,
    app_pss_mib: medianBy(memory.app, "pss_kib") / 1024,
    bare_pss_mib: medianBy(memory.bare, "pss_kib") / 1024,
    stack_rss_mib: medianBy(memory.stack, "rss_kib") / 1024,
    stack_pss_mib: medianBy(memory.stack, "pss_kib") / 1024,
    plain_rss_mib: medianBy(memory.plain, "rss_kib") / 1024,
    plain_pss_mib: medianBy(memory.plain, "pss_kib") / 1024,
    // As `cargo xtask` passed it: `NAME=value NAME=value`, written into the report as it is.
    launch_environment: process.env.IDENTDESK_LAUNCH_ENV || "none",
    // Each process of the launch whose PSS is the median.
    processes: Object.fromEntries(
      Object.entries(memory).map(([name, list]) => {
        const middle = median(list.map((m) => m.pss_kib));
        return [name, list.find((m) => m.pss_kib === middle).processes];
      }),
    ),
    samples: memory,
  };
  idleMemory.rss_ratio = idleMemory.app_rss_mib / idleMemory.bare_rss_mib;
  idleMemory.pss_ratio = idleMemory.app_pss_mib / idleMemory.bare_pss_mib;
  idleMemory.plain_rss_ratio = idleMemory.plain_rss_mib / idleMemory.bare_rss_mib;
  idleMemory.rss_ratio_to_stack = idleMemory.app_rss_mib / idleMemory.stack_rss_mib;
  idleMemory.pss_ratio_to_stack = idleMemory.app_pss_mib / idleMemory.stack_pss_mib;
  console.log(
    JSON.stringify(
      {
        rounds,
        small_ms: small,
        large_ms: large,
        bare_window_ms: bareMs,
        ratio: large / small,
        ratio_to_bare: large / bareMs,
        rows_painted_small_ms: rowsSmall,
        rows_painted_large_ms: rowsLarge,
        rows_painted_ratio_to_bare: Math.max(rowsSmall, rowsLarge) / bareMs,
        interactive_ratio_to_bare: Math.max(small, large) / bareMs,
        stack_window: {
          interactive_ms: stackMs,
          rows_painted_ms: rowsStack,
          interactive_ratio_to_bare: stackMs / bareMs,
          app_interactive_ratio: Math.max(small, large) / stackMs,
        },
        idle_memory: idleMemory,
        phases: Object.fromEntries(
          Object.entries(phases).map(([name, list]) => [
            name,
            Object.fromEntries(
              ["page_start", "first_paint", "main", "boot", "render", "commit"].map((key) => [
                key,
                median(list.map((p) => p[key]).filter((v) => v !== null)) ?? null,
              ]),
            ),
          ]),
        ),
        rows_painted_samples: rowsPainted,
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
