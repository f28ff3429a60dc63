import { defineConfig } from "vitest/config";

// The frontend lives in ui/; the build goes to dist/ at the root, where
// tauri.conf.json's frontendDist points. Nothing is loaded from the network.
export default defineConfig({
  root: "ui",
  clearScreen: false,
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    target: "es2021",
    assetsInlineLimit: 0,
    // Two pages: the window, and the print window that lays the report out.
    rollupOptions: { input: { main: "ui/index.html", print: "ui/print.html" } },
  },
  // The report stylesheet is imported from crates/core, outside ui/.
  server: { port: 5173, strictPort: true, fs: { allow: [".."] } },
  test: {
    root: ".",
    environment: "jsdom",
    include: ["ui/src/**/*.test.ts"],
  },
});
