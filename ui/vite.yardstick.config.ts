// Builds the start-up benchmark's second yardstick (bench/stack-window): a window with the
// app's UI stack — React, Mantine with the app's theme and styles — and nothing of
// IdentDesk: its first rows are in the HTML as IdentDesk serves its own, and a click on
// one shows a detail of the same shape. Built with the app (`npm run build`) into
// bench/stack-window/dist, which that crate embeds.
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { identifications, NAVIGATION } from "./yardstick/content";

const COLUMNS = ["Ident ID", "Name", "Status", "Transaction", "Account", "Created"];

/** The first rows in the classes of src/firstRows.css, as crates/core/src/window writes them. */
function firstRows(): Plugin {
  const nav = NAVIGATION.map((entry, i) => `<span class="first-nav-entry${i === 1 ? " first-active" : ""}">${entry}</span>`).join("");
  const head = COLUMNS.map((column) => `<span role="columnheader">${column}</span>`).join("");
  const rows = identifications
    .map(
      (row, i) =>
        `<a class="first-row first-columns" role="row" aria-rowindex="${i + 1}" data-testid="first-row" href="#open=${i}">` +
        `<span role="gridcell" class="first-mono">${row.identId}</span><span role="gridcell">${row.firstname} ${row.lastname}</span>` +
        `<span role="gridcell" class="first-status"><span class="first-badge first-green">${row.result}</span></span>` +
        `<span role="gridcell" class="first-mono first-small first-clip">${row.transactionNumber}</span>` +
        `<span role="gridcell" class="first-clip">${row.account}</span><span role="gridcell">${row.createdAt}</span></a>`,
    )
    .join("");
  const html =
    `<div class="first-shell" lang="en" data-scheme="auto" data-testid="first-rows" aria-busy="true"><header class="first-header"><span class="first-title">IdentDesk</span></header>` +
    `<nav class="first-nav">${nav}</nav><main class="first-main"><h2 class="first-heading">Identifications</h2><div class="first-filters"></div>` +
    `<p class="first-total">${identifications.length} identifications</p><div class="first-grid" role="grid"><div class="first-row first-columns first-head" role="row">${head}</div>${rows}</div></main></div>`;
  return {
    name: "yardstick-first-rows",
    transformIndexHtml: (page) => page.replace("<!--yardstick:first-rows-->", html),
  };
}

export default defineConfig({
  root: "yardstick",
  plugins: [react(), firstRows()],
  clearScreen: false,
  build: { target: ["es2022", "safari15.4"], outDir: "../../bench/stack-window/dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
