// Starts tauri-driver, opens a WebDriver session on the real IdentDesk binary, and saves a
// screenshot of the X display when a test fails (WebDriver's own screenshot hangs on
// WebKitGTK, so ImageMagick's `import` takes it).
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { remote } from "webdriverio";

const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run the end-to-end tests with \`cargo xtask test\``);
  return value;
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForPort(port, timeoutMs) {
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

/** Starts the app under tauri-driver; returns the WebDriver browser and a stop function. */
export async function startApp() {
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn(required("TAURI_DRIVER"), ["--port", String(port), "--native-port", String(nativePort)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env,
  });
  await waitForPort(port, 15_000);
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    connectionRetryTimeout: 60_000,
    capabilities: {
      "tauri:options": { application: required("IDENTDESK_APP") },
      "wdio:enforceWebDriverClassic": true,
    },
  });
  const stop = async () => {
    await browser.deleteSession().catch(() => {});
    driver.kill();
  };
  return { browser, stop };
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
