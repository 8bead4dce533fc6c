/// <reference types="vitest/config" />
// Vite builds the window's UI into ui/dist (embedded by the Rust build); Vitest runs the
// UI's own tests in jsdom with the platform module mocked.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
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

/** Fails the build when the app's code uses a Mantine class whose component's styles
 *  `src/mantineStyles.ts` does not import (the app loads Mantine's styles per component):
 *  the class names Mantine's components write (`m_` and a hash) are in the built code, and
 *  each is defined in one of Mantine's per-component files. */
function mantineStylesCheck(): Plugin {
  /** Each Mantine class and the per-component file defining it (read only when building). */
  const definitions = () => {
    const stylesDir = path.join(path.dirname(createRequire(import.meta.url).resolve("@mantine/core/styles.css")), "styles");
    const definedIn = new Map<string, string>();
    for (const file of readdirSync(stylesDir).filter((name) => name.endsWith(".css") && !name.endsWith(".layer.css")))
      for (const [, name] of readFileSync(path.join(stylesDir, file), "utf8").matchAll(MANTINE_CLASS))
        if (name && !definedIn.has(name)) definedIn.set(name, file);
    return definedIn;
  };
  return {
    name: "identdesk-mantine-styles-check",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const definedIn = definitions();
      const outputs = Object.values(bundle);
      const code = outputs.map((output) => (output.type === "chunk" ? output.code : "")).join("\n");
      const emitted = new Set<string>();
      for (const output of outputs)
        if (output.type === "asset" && output.fileName.endsWith(".css"))
          for (const [, name] of String(output.source).matchAll(MANTINE_CLASS)) if (name) emitted.add(name);
      const missing = new Set<string>();
      for (const [name] of code.matchAll(/\bm_[0-9a-f]{6,8}\b/g)) {
        const file = definedIn.get(name);
        if (file && !emitted.has(name)) missing.add(file);
      }
      if (missing.size > 0)
        this.error(
          `Mantine components are used without their styles: add ${[...missing]
            .map((file) => `import "@mantine/core/styles/${file}";`)
            .join(" ")} to ui/src/mantineStyles.ts.`,
        );
    },
  };
}

/** A Mantine class as its stylesheets define it (`.m_` and a hash). */
const MANTINE_CLASS = /\.(m_[0-9a-f]+)\b/g;

export default defineConfig({
  plugins: [react(), firstRowsWords(), mantineStylesCheck()],
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
