// The walking skeleton in the real window: a fresh install comes up on the built-in
// sandbox, the officer creates an identification, and the list shows it with its Ident-ID.
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { helpers, launchEnvironment, startApp, step, timeUp } from "./driver.mjs";

let app;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app?.stop();
});

const byTestId = (id) => app.browser.$(`[data-testid="${id}"]`);

test("a fresh install runs on the sandbox account", async (t) => {
  await step(t, async () => {
    const nav = await byTestId("nav-accounts");
    await nav.waitForClickable({ timeout: 30_000 });
    await nav.click();
    const row = await byTestId("account-row");
    await row.waitForDisplayed({ timeout: 10_000 });
    const text = await helpers(app.browser).text(row);
    assert.match(text, /Sandbox/);
    assert.equal(await (await byTestId("startup-error")).isExisting(), false);
  });
});

test("WebKit's web process runs with the JavaScriptCore options the desktop entry sets", async (t) => {
  await step(t, async () => {
    const options = Object.entries(launchEnvironment()).filter(([name]) => name.startsWith("JSC_"));
    assert.ok(options.length > 0, "the desktop entry sets no JavaScriptCore option (IDENTDESK_LAUNCH_ENV)");
    const inWebProcess = app.webProcessEnvironment();
    for (const [name, value] of options) assert.equal(inWebProcess[name], value, name);
  });
});

test("create an identification, then find it in the list", async (t) => {
  await step(t, async () => {
    await (await byTestId("nav-create")).click();
    const firstname = await byTestId("firstname");
    await firstname.waitForDisplayed({ timeout: 10_000 });
    // The account is preselected once accounts load.
    await app.browser.waitUntil(async () => (await (await byTestId("account")).getValue()) === "Sandbox", {
      timeout: 10_000,
      timeoutMsg: "the Sandbox account was not preselected",
    });
    const transactionNumber = await (await byTestId("transactionNumber")).getValue();
    assert.match(transactionNumber, /^[0-9a-f-]{36}$/);

    await firstname.setValue("Erika");
    await (await byTestId("lastname")).setValue("Mustermann");
    await (await byTestId("birthday")).setValue("1964-08-12");
    await (await byTestId("email")).setValue("erika@example.de");
    await (await byTestId("submit")).click();

    const identId = await byTestId("created-ident-id");
    await identId.waitForDisplayed({ timeout: 15_000 });
    const id = (await identId.getText()).trim();
    assert.match(id, /^TST-[A-Z]{5}$/);
    const short = await (await byTestId("link-short")).getValue();
    assert.match(short, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${id}$`));
    // The copy button puts the link on the system clipboard (read back from X11).
    await (await byTestId("link-short-copy")).click();
    await app.browser.waitUntil(async () => clipboard() === short, {
      timeout: 5_000,
      timeoutMsg: "the short link did not reach the clipboard",
    });

    await (await byTestId("nav-identifications")).click();
    const row = await byTestId("identification-row");
    await row.waitForDisplayed({ timeout: 10_000 });
    const text = await helpers(app.browser).text(row);
    assert.match(text, new RegExp(id));
    assert.match(text, /Erika Mustermann/);
    assert.match(text, new RegExp(transactionNumber));
  });
});

test("a bad birthday is flagged while typing and keeps the form", async (t) => {
  await step(t, async () => {
    await (await byTestId("nav-create")).click();
    const another = await byTestId("create-another");
    if (await another.isExisting()) await another.click();
    const birthday = await byTestId("birthday");
    await birthday.waitForDisplayed({ timeout: 10_000 });
    await (await byTestId("firstname")).setValue("Max");
    await birthday.setValue("12.08.1964");
    // The field says it is invalid, and the text a screen reader announces for it names
    // the expected format.
    await app.browser.waitUntil(async () => (await birthday.getAttribute("aria-invalid")) === "true", {
      timeout: 5_000,
      timeoutMsg: "the birthday field was not marked invalid",
    });
    const describedBy = (await birthday.getAttribute("aria-describedby")) ?? "";
    const errorId = describedBy.split(" ").find((id) => id.endsWith("-error"));
    assert.ok(errorId, `no error is linked to the field (aria-describedby=${describedBy})`);
    assert.match(await (await app.browser.$(`[id="${errorId}"]`)).getText(), /YYYY-MM-DD/);
    await (await byTestId("submit")).click();
    assert.equal(await (await byTestId("firstname")).getValue(), "Max");
    assert.equal(await (await byTestId("created")).isExisting(), false);
  });
});

test("starting IdentDesk again brings the running window forward instead of a second one", async (t) => {
  await step(t, async () => {
    const second = spawn(process.env.IDENTDESK_APP, [], {
      stdio: "ignore",
      env: { ...process.env, IDENTDESK_DATA_DIR: app.dataDir },
    });
    const exited = new Promise((resolve) => second.on("exit", (code) => resolve(code)));
    const outcome = await Promise.race([exited, timeUp(20_000, "still running")]);
    if (outcome === "still running") second.kill("SIGKILL");
    assert.equal(outcome, 0, "the second start should hand over to the first window and exit");
    // The first window is still there and answers.
    await (await byTestId("nav-accounts")).click();
    await (await byTestId("account-row")).waitForDisplayed({ timeout: 10_000 });
  });
});

/** The X11 clipboard's text, as another program sees it. */
function clipboard() {
  try {
    return execFileSync("xclip", ["-o", "-selection", "clipboard"], { encoding: "utf8", timeout: 2_000 });
  } catch {
    return "";
  }
}
