/// <reference types="vitest/config" />
// Vite builds the window's UI into ui/dist (embedded by the Rust build); Vitest runs the
// UI's own tests in jsdom with the platform module mocked.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
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
