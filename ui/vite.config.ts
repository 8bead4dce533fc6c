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
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
