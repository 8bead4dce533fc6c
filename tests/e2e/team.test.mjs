// Four-eyes across two machines, in the real window: the two officers vouch for each other's
// signing keys (bob on the command line, alice in Settings → Team, each fingerprint the one
// the other's own machine shows); alice proposes in IdentDesk's window; officer bob, on
// another data folder, confirms with the command line; alice's window shows "confirmed"
// within two seconds, without a click (the server's NOTIFY). The same four-eyes holds for a
// Trust Platform session: alice proposes on its detail, bob confirms on the command line.
// A throwaway PostgreSQL team workspace and one sandbox gateway both officers share.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { after, before, test } from "node:test";
import { helpers, startApp, step, temporaryDir } from "./driver.mjs";

const BIN = process.env.IDENTDESK_BIN_DIR;
const KEY = "e2e-team-key";
const PASSWORD = "e2e team password 1";

let sandbox;
let workspace;
let app;
let h;
let alice;
let bob;
let txn;
let session;

/** Starts `program` and resolves with the first stdout line `pick` accepts. */
function startAndRead(program, args, pick) {
  const child = spawn(program, args, { stdio: ["pipe", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: child.stdout });
  const found = {};
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`${program} ended (${code}) before it was ready`)));
    lines.on("line", (line) => {
      if (pick(line, found)) resolve({ child, ...found });
    });
  });
}

function cli(dataDir, args, input = "") {
  return execFileSync(path.join(BIN, "identdesk-cli"), ["--data-dir", dataDir, ...args], { input, encoding: "utf8" });
}

/** A data folder with the bank's accounts (classic and Trust Platform), joined to the workspace as `name`. */
function officerFolder(name, server, gateways) {
  const dir = temporaryDir(`identdesk-e2e-${name}-`);
  cli(dir, ["account", "add", "--name", "Bank", "--company-id", "ihrebank", "--gateway-url", gateways.gateway, "--api-url", gateways.robots, "--api-key-stdin"], KEY);
  cli(
    dir,
    [
      "account",
      "add",
      "--kind",
      "trust-platform",
      "--name",
      "Bank TP",
      "--client-id",
      "ihrebank",
      "--client-secret-stdin",
      "--environment",
      "staging",
      "--api-url",
      `${gateways.gateway}/api/v1`,
      "--token-url",
      `${gateways.gateway}/oidc/token`,
    ],
    KEY,
  );
  cli(dir, ["team", "join", "--url", `postgres://${name}@${server}`, "--password-stdin"], PASSWORD);
  return dir;
}

before(async () => {
  sandbox = await startAndRead(
    path.join(BIN, "idnow-sandbox"),
    ["--company-id", "ihrebank", "--api-key", KEY, "--time-scale", "0.01"],
    (line, found) => {
      const gateway = line.match(/listening on (\S+)/);
      const robots = line.match(/robots on (\S+)/);
      if (gateway) found.gateway = gateway[1];
      if (robots) found.robots = robots[1];
      return found.gateway && found.robots;
    },
  );
  workspace = await startAndRead(
    path.join(BIN, "team-throwaway"),
    [
      "--password",
      PASSWORD,
      "--officer",
      "alice",
      "--officer",
      "bob",
      "--register",
      "Bank",
      "ihrebank",
      sandbox.gateway,
      "--register-platform",
      "Bank TP",
      "ihrebank",
      `${sandbox.gateway}/api/v1`,
    ],
    (line, found) => {
      if (!line.startsWith("{")) return false;
      Object.assign(found, JSON.parse(line));
      return true;
    },
  );
  alice = officerFolder("alice", workspace.server, sandbox);
  bob = officerFolder("bob", workspace.server, sandbox);
  // Bob compared alice's fingerprint with her (her own machine lists it as "mine").
  const aliceKey = JSON.parse(cli(alice, ["team", "keys", "--json"])).find((k) => k.mine);
  assert.match(cli(bob, ["team", "vouch", "alice", "--fingerprint", aliceKey.fingerprint]), /vouched/);
  // Alice created it; the robots finish the review (at this pace in 1.5 s); both sync.
  const created = JSON.parse(cli(alice, ["create", "--account", "Bank", "--firstname", "Anna", "--lastname", "X-AUTOTEST-HAPPYPATH", "--json"]));
  txn = created.transactionNumber;
  cli(alice, ["robots", "--account", "Bank", txn]);
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  // And a Trust Platform session, which the person completes in the sandbox's Player.
  session = JSON.parse(
    cli(alice, ["create", "--account", "Bank TP", "--flow", "Document only", "--given-name", "Anna", "--family-name", "Sitzung", "--birth-date", "1980-02-03", "--json"]),
  ).sessionId;
  const played = await fetch(`${sandbox.gateway}/sandbox/trust/sessions/${session}/complete`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status: "COMPLETED", outcome: "accepted" }),
  });
  assert.equal(played.status, 200);
  cli(alice, ["sync"]);
  cli(bob, ["sync"]);
  app = await startApp({ dataDir: alice });
  h = helpers(app.browser);
  await h.waitForTestId("nav-create", 30_000);
  // The webview's storage outlives each app: whatever language an earlier suite left, this
  // one reads English (the assertions below match its words).
  await app.browser.execute(() => {
    if (localStorage.getItem("identdesk.language") !== "en") {
      localStorage.setItem("identdesk.language", "en");
      location.reload();
    }
  });
  await h.waitForTestId("nav-create", 30_000);
  await app.browser.waitUntil(async () => /Create/.test(await h.text("nav-create")), {
    timeout: 10_000,
    timeoutMsg: "the window did not switch to English",
  });
});

after(async () => {
  await app?.browser.execute(() => localStorage.removeItem("identdesk.language")).catch(() => {});
  await app?.stop();
  workspace?.child.stdin.end();
  sandbox?.child.kill("SIGINT");
});

test("alice compares bob's fingerprint and vouches for his key in the window", async (t) => {
  await step(t, async () => {
    const bobKey = JSON.parse(cli(bob, ["team", "keys", "--json"])).find((k) => k.mine);
    await h.navigate("team");
    await h.waitForTestId("team-keys", 15_000);
    const row = await app.browser.$('[data-testid="team-key"][data-officer="bob"]');
    await row.waitForExist({ timeout: 10_000 });
    assert.equal(await (await row.$('[data-testid="team-key-fingerprint"]')).getText(), bobKey.fingerprint);
    assert.match(await (await row.$('[data-testid="team-key-state"]')).getText(), /not vouched/);
    await (await row.$('[data-testid="team-vouch"]')).click();
    const bobState = async () => (await app.browser.$('[data-testid="team-key"][data-officer="bob"] [data-testid="team-key-state"]')).getText();
    await app.browser.waitUntil(async () => /vouched for by alice/.test(await bobState()), {
      timeout: 10_000,
      timeoutMsg: "bob's key does not show as vouched for",
    });
    await h.navigate("identifications");
  });
});

test("alice proposes in the window; bob confirms on the command line; alice sees it at once", async (t) => {
  await step(t, async () => {
    assert.match(await h.text("officer-badge"), /alice/);
    await (await h.byTestId("search")).setValue(txn);
    await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="identification-row"]')).length === 1, { timeout: 10_000 });
    assert.match(await h.text("created-by"), /alice/);
    await (await h.byTestId("identification-row")).click();
    await h.waitForTestId("detail");
    await (await h.waitForTestId("acceptance-note")).setValue("documents in order");
    assert.match(await h.text("team-hint"), /second officer/);
    await (await h.byTestId("decide-accept")).click();
    const state = async () => (await (await h.byTestId("acceptance-state")).getAttribute("data-state")) ?? "";
    await app.browser.waitUntil(async () => (await state()) === "proposed", { timeout: 15_000, timeoutMsg: "not proposed" });
    assert.match(await h.text("own-proposal"), /second officer/);
    assert.equal(await (await h.byTestId("decide-confirm")).isExisting(), false);

    // Bob, on his own machine, sees it waiting and confirms.
    assert.match(cli(bob, ["list", "--json"]), new RegExp(txn));
    assert.match(cli(bob, ["confirm", txn]), /confirmed/);
    const confirmedAt = Date.now();
    await app.browser.waitUntil(async () => (await state()) === "confirmed", {
      timeout: 2_000,
      interval: 100,
      timeoutMsg: "alice's window did not show the confirmation within 2 s",
    });
    t.diagnostic(`confirmation shown after ${Date.now() - confirmedAt} ms`);
    assert.match(await h.text("acceptance-state"), /bob/);
  });
});

test("a session's decision: alice proposes on its detail, bob confirms on the command line", async (t) => {
  await step(t, async () => {
    await h.navigate("identifications");
    const search = await h.byTestId("search");
    await search.clearValue();
    await search.setValue(session);
    await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="identification-row"]')).length === 1, { timeout: 10_000 });
    await (await h.byTestId("identification-row")).click();
    await h.waitForTestId("session-detail");
    assert.match(await h.text("session-status"), /COMPLETED/);
    await (await h.waitForTestId("acceptance-note")).setValue("documents in order");
    await (await h.byTestId("decide-accept")).click();
    const state = async () => (await (await h.byTestId("acceptance-state")).getAttribute("data-state")) ?? "";
    await app.browser.waitUntil(async () => (await state()) === "proposed", { timeout: 15_000, timeoutMsg: "not proposed" });

    assert.match(cli(bob, ["confirm", session]), /confirmed/);
    await app.browser.waitUntil(async () => (await state()) === "confirmed", {
      timeout: 5_000,
      interval: 100,
      timeoutMsg: "alice's window did not show the confirmation",
    });
    assert.match(await h.text("acceptance-state"), /bob/);
  });
});

test("the team screen shows the signed-in officer and a trail that holds", async (t) => {
  await step(t, async () => {
    await h.navigate("team");
    await h.waitForTestId("team-joined");
    assert.match(await h.text("team-signed-in"), /alice/);
    assert.match(await h.text("team-trail"), /extends/);
  });
});
