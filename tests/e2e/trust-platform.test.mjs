// The Trust Platform in the real window, on the built-in sandbox: add a Trust Platform
// sandbox account, create a session for a flow (Player link and QR code), play it to an
// outcome in the sandbox, sync, find it in the list beside a classic identification, and
// open its data blocks and a file.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { helpers, startApp, step } from "./driver.mjs";

let app;
let h;

before(async () => {
  app = await startApp();
  h = helpers(app.browser);
  await h.waitForTestId("nav-create", 30_000);
});

after(async () => {
  await app?.stop();
});

async function syncNow() {
  const finished = async () => Number(await (await h.byTestId("sync-bar")).getAttribute("data-finished-syncs"));
  const before = await finished();
  await (await h.byTestId("sync-now")).click();
  await app.browser.waitUntil(async () => (await finished()) > before, { timeout: 20_000, timeoutMsg: "the sync did not finish" });
}

test("a Trust Platform session beside a classic identification, from creation to its blocks and files", async (t) => {
  await step(t, async () => {
    // A classic identification on the fresh install's sandbox account first.
    await h.navigate("create");
    await h.waitForTestId("firstname");
    await app.browser.waitUntil(async () => (await (await h.byTestId("account")).getValue()) === "Sandbox", { timeout: 10_000 });
    await (await h.byTestId("firstname")).setValue("Klara");
    await (await h.byTestId("lastname")).setValue("Klassisch");
    await (await h.byTestId("submit")).click();
    await h.waitForTestId("created-ident-id");

    // Accounts asks which kind first; the built-in sandbox needs no credentials.
    await h.navigate("accounts");
    await h.waitForTestId("account-kind");
    await (await app.browser.$('//*[@data-testid="account-kind"]//label[contains(., "Trust Platform")]')).click();
    await (await h.waitForTestId("platform-name")).setValue("Training TP");
    await (await app.browser.$('[data-testid="platform-sandbox"]')).click();
    await (await h.byTestId("platform-submit")).click();
    await app.browser.waitUntil(async () => /Training TP[\s\S]*Trust Platform/.test(await h.text("accounts-table")), {
      timeout: 10_000,
      timeoutMsg: "the Trust Platform account is not listed",
    });

    // Creating on it is creating a session for a flow.
    await h.navigate("create");
    await h.waitForTestId("account");
    await h.choose("account", "Training TP");
    await h.waitForTestId("session-flow");
    await app.browser.waitUntil(async () => (await (await h.byTestId("session-flow")).getValue()) !== "", { timeout: 10_000 });
    await h.choose("session-flow", "Document and selfie");
    await (await h.byTestId("session-given-name")).setValue("Tamara");
    await (await h.byTestId("session-family-name")).setValue("Plattform");
    await (await h.byTestId("session-birth-date")).setValue("1988-03-14");
    await (await h.byTestId("session-submit")).click();
    const sessionId = (await (await h.waitForTestId("created-session-id")).getText()).trim();
    assert.ok(sessionId.length > 0);
    assert.match(await (await h.byTestId("player-url")).getValue(), /^http:\/\/127\.0\.0\.1:\d+\/player\//);

    // The sandbox's Player, played from the detail; then a sync brings the outcome in.
    await (await h.byTestId("open-session")).click();
    await h.waitForTestId("session-detail");
    await (await h.waitForTestId("sandbox-play-accepted")).click();
    await h.waitForTestId("sandbox-played");
    await syncNow();

    // Both kinds in one list.
    await h.navigate("identifications");
    await app.browser.waitUntil(
      async () => {
        const texts = [];
        for (const row of await app.browser.$$('[data-testid="identification-row"]')) texts.push(await h.text(row));
        return texts.some((text) => text.includes(sessionId) && /Accepted/.test(text)) && texts.some((text) => /Klara Klassisch/.test(text));
      },
      { timeout: 15_000, timeoutMsg: "the list does not show the session (accepted) beside the classic identification" },
    );
    const rows = await app.browser.$$('[data-testid="identification-row"]');
    for (const row of rows) {
      if ((await h.text(row)).includes(sessionId)) {
        await row.click();
        break;
      }
    }

    // Its data blocks: a known type as labelled fields, and the vault's files.
    await h.waitForTestId("session-detail");
    const identity = await app.browser.$('[data-testid="session-block"][data-block-type="basicIdentity"]');
    await identity.waitForDisplayed({ timeout: 10_000 });
    assert.match(await h.text(identity), /Family name\s*Plattform/);
    assert.ok(await (await app.browser.$('[data-testid="session-block"][data-block-type="documentVerification"]')).isExisting());
    assert.match(await h.text("session-status"), /COMPLETED/);

    // An image from the vault, shown in the window.
    const files = await app.browser.$$('[data-testid="session-file"]');
    let opened = false;
    for (const file of files) {
      if (/documentData/.test(await h.text(file))) {
        await file.click();
        opened = true;
        break;
      }
    }
    assert.ok(opened, "the document's front side is among the files");
    const image = await h.waitForTestId("session-image", 15_000);
    assert.match(String(await image.getAttribute("src")), /^data:image\/jpeg;base64,/);
    await app.browser.keys("Escape");
    await image.waitForExist({ reverse: true, timeout: 5_000 });

    // The verification report, a PDF from the vault, drawn in the window by pdf.js (in its
    // own worker, under the app's CSP): a page canvas with ink on it, nothing blocked.
    let report = null;
    for (const file of await app.browser.$$('[data-testid="session-file"]')) {
      if (/documentVerification/.test(await h.text(file))) report = file;
    }
    assert.ok(report, "the verification report is among the files");
    await report.click();
    const pdf = await h.waitForTestId("pdf-view", 15_000);
    await app.browser.waitUntil(async () => Number(await pdf.getAttribute("data-pages-drawn")) >= 1, {
      timeout: 20_000,
      timeoutMsg: "pdf.js drew no page of the report",
    });
    const inked = await app.browser.execute(() => {
      const canvas = document.querySelector('[data-testid="pdf-page"]');
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 128) dark++;
      return { width: canvas.width, dark };
    });
    assert.ok(inked.width > 0 && inked.dark > 100, `the report's first page has text drawn on it: ${JSON.stringify(inked)}`);
    assert.equal(await (await app.browser.$('[data-testid="pdf-error"]')).isExisting(), false);
    assert.ok(await (await app.browser.$('[data-testid="open-in-viewer"]')).isExisting(), "the system viewer stays one click away");
    assert.deepEqual(await app.browser.execute(() => [...window.identdeskCspViolations]), []);
  });
});
