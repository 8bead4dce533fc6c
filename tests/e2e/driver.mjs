// Starts tauri-driver, opens a WebDriver session on the real IdentDesk binary, and saves a
// screenshot of the X display when a test fails (WebDriver's own screenshot hangs on
// WebKitGTK, so ImageMagick's `import` takes it).
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { remote } from "webdriverio";

const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run the end-to-end tests with \`cargo xtask test\``);
  return value;
};

/** Folders the tests made in the system's temporary folder: data folders (each an encrypted
 *  cache, its log) and file-dialog answers. They go when the test file's process ends; a
 *  failed test's screenshot is kept elsewhere (artifacts/). */
const temporaryDirs = new Set();
process.on("exit", () => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder in the system's temporary folder, removed when the test file ends. */
export function temporaryDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temporaryDirs.add(dir);
  return dir;
}

/**
 * Two free loopback ports for tauri-driver and WebKitWebDriver, distinct: both are held
 * open until both are known. Taken one after the other, the kernel once handed out the same
 * port twice; tauri-driver then proxied to itself and spun, and every later test timed out.
 */
export async function freePorts() {
  const listen = () =>
    new Promise((resolve, reject) => {
      const server = net.createServer();
      server.on("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    });
  const servers = [await listen(), await listen()];
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on port ${port} within ${timeoutMs} ms`);
}

/** The environment the packages' desktop entry starts the app with (JavaScriptCore's options),
 *  as `cargo xtask` reads it from the entry: `NAME=value NAME=value`. */
export function launchEnvironment() {
  return variables((process.env.IDENTDESK_LAUNCH_ENV ?? "").split(" "));
}

/** `NAME=value` strings as an object of names and values (empty strings skipped). */
function variables(pairs) {
  return Object.fromEntries(pairs.filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
}

/** The processes of process group `group` (a driver's: tauri-driver, WebKitWebDriver, the app
 *  and its WebKit processes), each as its pid and its name as the kernel shortens it. */
export function processesInGroup(group) {
  const found = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp === group) found.push({ pid, name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The environment of the WebKit web process in process group `group`, as the kernel holds it. */
function webProcessEnvironment(group) {
  const web = processesInGroup(group).find(({ name }) => name.startsWith("WebKitWebProces"));
  if (!web) throw new Error(`no WebKit web process in process group ${group}`);
  return variables(readFileSync(`/proc/${web.pid}/environ`, "utf8").split("\0"));
}

/**
 * Starts the app under tauri-driver on a fresh data folder, with the built-in sandbox's
 * robots at a hundredth of IDnow's pace and no background sync (the tests sync by hand).
 * Returns the WebDriver browser, the data folder and a stop function.
 */
export async function startApp({ dataDir = temporaryDir("identdesk-e2e-") } = {}) {
  const [port, nativePort] = await freePorts();
  // The app is built with `e2e-files`: its next file dialog returns the path written here.
  const pickFile = path.join(temporaryDir("identdesk-pick-"), "next");
  // Its own process group: WebKitWebDriver and the app it starts stay in it, so stop() can
  // end all three even when the app outlives the WebDriver session.
  const driver = spawn(required("TAURI_DRIVER"), ["--port", String(port), "--native-port", String(nativePort)], {
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    env: {
      ...process.env,
      ...launchEnvironment(),
      IDENTDESK_DATA_DIR: dataDir,
      IDENTDESK_SANDBOX_TIME_SCALE: "0.01",
      IDENTDESK_SYNC_INTERVAL_SECONDS: "0",
      IDENTDESK_E2E_PICK: pickFile,
    },
  });
  const endGroup = async () => {
    for (const signal of ["SIGTERM", "SIGKILL"]) {
      try {
        process.kill(-driver.pid, signal);
      } catch {
        return; // the group is gone
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  };
  let browser;
  try {
    await waitForPort(port, 15_000);
    browser = await openSession(port, required("IDENTDESK_APP"));
  } catch (error) {
    // A start that failed leaves nothing running to slow the tests after it.
    await endGroup();
    throw error;
  }
  const stop = async () => {
    await Promise.race([browser.deleteSession().catch(() => {}), timeUp(10_000)]);
    await endGroup();
  };
  /** Asks the app to end as the OS does at logout (SIGTERM) and waits until it has; then
   *  stops the rest. (Ending the WebDriver session kills the app outright.) */
  const quit = async () => {
    const app = required("IDENTDESK_APP");
    const pids = spawnSync("pgrep", ["-g", String(driver.pid), "-f", app], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number);
    if (pids.length !== 1) throw new Error(`expected one app process, found ${pids.length}`);
    const [pid] = pids;
    process.kill(pid, "SIGTERM");
    // Ended: gone, or a zombie its parent (WebKitWebDriver) has not reaped yet.
    const alive = () => {
      try {
        return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 15_000;
    while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (alive()) throw new Error("the app did not end within 15 s of SIGTERM");
    await stop();
  };
  /** The next file dialog (open or save) answers `file`, as if the officer chose it. */
  const pick = (file) => writeFileSync(pickFile, file);
  return { browser, stop, quit, dataDir, pick, webProcessEnvironment: () => webProcessEnvironment(driver.pid) };
}

/** Resolves with `value` after `ms`, for a race with work that may hang. The timer does not
 *  keep the test file's process alive: a pending one would hold it open until it fired, and
 *  the suite would wait that long after the file's last test. */
export const timeUp = (ms, value) => sleep(ms, value, { ref: false });

/** A WebDriver session through the tauri-driver on `port`; it launches `application`. */
export function openSession(port, application, logLevel = "warn") {
  return remote({
    hostname: "127.0.0.1",
    port,
    logLevel,
    connectionRetryTimeout: 60_000,
    capabilities: { "tauri:options": { application }, "wdio:enforceWebDriverClassic": true },
  });
}

/** Helpers bound to one browser session. */
export function helpers(browser) {
  const byTestId = (id) => browser.$(`[data-testid="${id}"]`);
  return {
    byTestId,
    /** An element's text whether or not it is scrolled into view (WebDriver's getText is
     *  empty for elements outside the viewport in WebKitWebDriver). */
    async text(idOrElement) {
      const element = typeof idOrElement === "string" ? await byTestId(idOrElement) : idOrElement;
      return String(await element.getProperty("textContent"));
    },
    /** Opens a Mantine select and picks the option whose text starts with `prefix`. */
    async choose(testId, prefix) {
      await (await byTestId(testId)).click();
      const options = await browser.$$('[role="option"]');
      for (const option of options) {
        if ((await option.getText()).startsWith(prefix)) {
          await option.click();
          return;
        }
      }
      throw new Error(`no option starting with ${prefix} in ${testId}`);
    },
    async waitForTestId(id, timeout = 15_000) {
      const element = await byTestId(id);
      await element.waitForDisplayed({ timeout });
      return element;
    },
    async navigate(screen) {
      const back = await byTestId("back");
      if (await back.isExisting()) await back.click();
      await (await byTestId(`nav-${screen}`)).click();
    },
  };
}

/** Runs a step; on failure saves a screenshot named after the test before rethrowing. */
export async function step(t, body) {
  try {
    await body();
  } catch (error) {
    screenshot(t.name);
    throw error;
  }
}

export function screenshot(name) {
  const dir = process.env.E2E_ARTIFACTS ?? "artifacts";
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, "_")}.png`);
  try {
    execFileSync("import", ["-window", "root", file]);
    console.error(`screenshot saved: ${file}`);
  } catch (error) {
    console.error(`screenshot failed: ${error}`);
  }
  return file;
}
