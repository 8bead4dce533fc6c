/// <reference types="vitest/config" />
// Vite builds the window's UI into ui/dist (embedded by the Rust build); Vitest runs the
// UI's own tests in jsdom with the platform module mocked.
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { de } from "./src/i18n/de";
import { en } from "./src/i18n/en";

/** The translations' namespaces the first rows use (see `firstRowsWords`). */
const FIRST_ROWS_NAMESPACES = ["app", "nav", "list", "results", "sessionResults", "session", "acceptance", "accounts"];

/** `{ a: { b: "x" } }` as `{ "a.b": "x" }`. */
function flatten(value: unknown, prefix: string, into: Record<string, string>): Record<string, string> {
  if (typeof value === "string") into[prefix] = value;
  else if (value && typeof value === "object")
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  return into;
}

/** Writes `first-rows.json`: the words the Rust side draws the list's first rows with, in
 *  the page it serves (crates/core/src/window), taken from the same translation files. */
function firstRowsWords(): Plugin {
  const pick = (words: Record<string, unknown>) =>
    flatten(Object.fromEntries(FIRST_ROWS_NAMESPACES.map((name) => [name, words[name]])), "", {});
  return {
    name: "identdesk-first-rows-words",
    apply: "build",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "first-rows.json", source: JSON.stringify({ en: pick(en), de: pick(de) }) });
    },
  };
}

export default defineConfig({
  plugins: [react(), firstRowsWords()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  // Assets load from inside the app binary, not over a network: one bundle is fine.
  // Safari 15.4 is the oldest WebKit Mantine's styles work in (`@layer`, `:where`): macOS
  // 12.3, the bundle's minimumSystemVersion in tauri.conf.json. WebView2 and WebKitGTK are
  // newer everywhere.
  build: { target: ["es2022", "safari15.4"], outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
