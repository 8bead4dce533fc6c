// The overview and accessibility in the real window. The overview counts what the officer
// just created and a chart's part opens the list with its filter; then axe-core (WCAG 2.1
// A/AA rules, nothing disabled, nothing excluded) scans every screen, the detail, a dialog
// and an error state in light and dark, German and English: 0 violations, no badge or
// column header cut short, nothing blocked by the CSP. What axe could not decide
// ("incomplete") is written to artifacts/axe-incomplete.json for review.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { helpers, startApp, step } from "./driver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

let app;
let h;

before(async () => {
  app = await startApp();
  h = helpers(app.browser);
  await h.waitForTestId("nav-overview", 30_000);
});

after(async () => {
  // The webview's storage outlives this app: the next suite starts in the default language
  // and theme again.
  await app?.browser
    .execute(() => {
      localStorage.removeItem("identdesk.language");
      localStorage.removeItem("mantine-color-scheme-value");
    })
    .catch(() => {});
  await app?.stop();
});

/** Creates an identification on the sandbox account from the form. */
async function create(lastname) {
  await h.navigate("create");
  const another = await h.byTestId("create-another");
  if (await another.isExisting()) await another.click();
  await h.waitForTestId("firstname");
  await app.browser.waitUntil(async () => (await (await h.byTestId("account")).getValue()) !== "", { timeout: 10_000 });
  await (await h.byTestId("firstname")).setValue("Ada");
  await (await h.byTestId("lastname")).setValue(lastname);
  await (await h.byTestId("submit")).click();
  await h.waitForTestId("created", 15_000);
}

test("the overview counts today's identifications and a waiting bar opens the list filtered to it", async (t) => {
  await step(t, async () => {
    await create("Overview-One");
    await create("Overview-Two");
    await h.navigate("overview");
    await h.waitForTestId("overview-ready");
    // Both are waiting, created under a day ago; the table view opens the list with that filter.
    // The second choice of each chart's view switch is its table.
    await (await (await h.byTestId("chart-waiting")).$$("label"))[1].click();
    const underADay = await h.waitForTestId("waiting-underADay");
    assert.equal((await h.text(underADay)).trim(), "2");
    await underADay.click();
    await h.waitForTestId("overview-filter");
    await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="identification-row"]')).length === 2, {
      timeout: 10_000,
      timeoutMsg: "the list did not show the two waiting identifications",
    });
    // The day chart's table: today's "still open" count is 2.
    await h.navigate("overview");
    await (await (await h.byTestId("chart-per-day")).$$("label"))[1].click();
    const table = await h.waitForTestId("day-table");
    assert.match(await h.text(table), /2/);
  });
});

/** Sets language and theme as the officer's preferences do, and reloads the window. */
async function prefer(language, scheme) {
  await app.browser.execute(
    (lang, value) => {
      localStorage.setItem("identdesk.language", lang);
      localStorage.setItem("mantine-color-scheme-value", value);
      location.reload();
    },
    language,
    scheme,
  );
  await h.waitForTestId("nav-overview", 30_000);
  await app.browser.waitUntil(
    async () => (await app.browser.execute(() => document.documentElement.getAttribute("data-mantine-color-scheme"))) === scheme,
    { timeout: 10_000, timeoutMsg: `the ${scheme} theme was not applied` },
  );
}

/** What the page was served with before React replaced it (see ui/src/main.tsx). */
const servedRows = () => app.browser.execute(() => window.identdeskFirstRows);

test("the page comes with the list's first rows in the officer's look, and a served row opens its identification", async (t) => {
  await step(t, async () => {
    // The window tells the core its look as it starts; the next page is served in it.
    await prefer("de", "dark");
    let served;
    await app.browser.waitUntil(
      async () => {
        await app.browser.execute(() => location.reload());
        await h.waitForTestId("nav-overview", 30_000);
        served = await servedRows();
        return served.language === "de";
      },
      { timeout: 60_000, interval: 500, timeoutMsg: "the page never came in the language the window reported" },
    );
    assert.ok(served.rows >= 2, `the page came without the rows created above: ${JSON.stringify(served)}`);
    assert.equal(served.language, "de");
    assert.equal(served.scheme, "dark");
    assert.match(served.firstLink, /^#open=[^/]+\/.+$/);

    // A served row's link, followed as the window starts, opens that identification.
    await app.browser.execute((link) => {
      location.hash = link;
      location.reload();
    }, served.firstLink);
    const detail = await h.waitForTestId("detail", 30_000);
    const transaction = decodeURIComponent(served.firstLink.split("/").pop());
    assert.ok((await h.text(detail)).includes(transaction), `the detail of ${transaction} did not open`);
    assert.equal(await app.browser.execute(() => location.hash), "", "the address is cleared once read");
    assert.deepEqual(await app.browser.execute(() => window.identdeskCspViolations), []);
  });
});

/** axe-core inside the page: violations and incomplete results, summarised. */
async function scan(where) {
  await app.browser.execute(axeSource);
  const result = await app.browser.executeAsync((tags, done) => {
    // Not `error`: WebDriver reads a result with that key as its own failure.
    window.axe
      .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"] })
      .then((r) => {
        const brief = (items) =>
          items.map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
          }));
        done({ violations: brief(r.violations), incomplete: brief(r.incomplete) });
      })
      .catch((failure) => done({ failure: String(failure) }));
  }, TAGS);
  assert.equal(result.failure, undefined, `axe could not run on ${where}: ${result.failure}`);
  return { where, ...result };
}

/** Badges, column headers and table headers whose text is cut short on this screen. */
async function truncated(where) {
  const cut = await app.browser.execute(() =>
    [...document.querySelectorAll('.mantine-Badge-label, [role="columnheader"], th')]
      .filter((el) => el.getClientRects().length > 0 && el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.textContent),
  );
  return cut.map((text) => `${where}: "${text}"`);
}

test("axe finds no WCAG 2.1 A/AA violation on any screen, light and dark, German and English", async (t) => {
  await step(t, async () => {
    const found = [];
    const incomplete = {};
    const cutShort = [];
    for (const language of ["en", "de"]) {
      for (const scheme of ["light", "dark"]) {
        await prefer(language, scheme);
        const at = (what) => `${what} (${language}, ${scheme})`;
        const record = async (what) => {
          cutShort.push(...(await truncated(at(what))));
          const result = await scan(at(what));
          if (result.violations.length > 0) found.push(result);
          for (const item of result.incomplete) {
            const seen = incomplete[item.id] ?? { where: [], examples: item.nodes };
            incomplete[item.id] = { ...seen, where: [...seen.where, at(what)] };
          }
        };
        for (const screen of ["overview", "identifications", "create", "bulk", "accounts", "team", "audit"]) {
          await h.navigate(screen);
          if (screen === "overview") await h.waitForTestId("overview-ready");
          if (screen === "identifications") await h.waitForTestId("identification-row");
          await new Promise((resolve) => setTimeout(resolve, 300));
          await record(screen);
        }
        // The overview's table views.
        await h.navigate("overview");
        await h.waitForTestId("overview-ready");
        for (const chart of ["per-day", "waiting", "times", "reasons"]) {
          await (await (await h.byTestId(`chart-${chart}`)).$$("label"))[1].click();
        }
        await record("overview tables");
        // An error state: a birthday that is not a date.
        await h.navigate("create");
        const another = await h.byTestId("create-another");
        if (await another.isExisting()) await another.click();
        const birthday = await h.waitForTestId("birthday");
        await birthday.setValue("12.08.1964");
        await app.browser.waitUntil(async () => (await birthday.getAttribute("aria-invalid")) === "true", { timeout: 5_000 });
        await record("create with an error");
        // The detail, and its dialog.
        await h.navigate("identifications");
        await (await h.waitForTestId("identification-row")).click();
        await h.waitForTestId("detail");
        await new Promise((resolve) => setTimeout(resolve, 300));
        await record("detail");
        await (await h.byTestId("delete-open")).click();
        await app.browser.$('[role="dialog"]').waitForDisplayed({ timeout: 5_000 });
        await record("delete dialog");
        await app.browser.keys(["Escape"]);
        await (await h.byTestId("back")).click();
      }
    }
    mkdirSync(path.join(here, "artifacts"), { recursive: true });
    writeFileSync(path.join(here, "artifacts", "axe-incomplete.json"), JSON.stringify({ incomplete, violations: found }, null, 2));
    assert.deepEqual(
      found.map((f) => `${f.where}: ${f.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target).join(", ")}`).join("; ")}`),
      [],
      "axe found violations (details in artifacts/axe-incomplete.json)",
    );
    assert.deepEqual(cutShort, [], "words cut short in badges or column headers");
    // Nothing the CSP blocked on the way (a style without its nonce would show here).
    assert.deepEqual(await app.browser.execute(() => [...window.identdeskCspViolations]), []);
  });
});
