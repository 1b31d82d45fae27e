import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Three pages: the main window, the pop-up card (one window per call) and the dialer.
export default defineConfig({
  clearScreen: false,
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL("index.html", import.meta.url)),
        card: fileURLToPath(new URL("card.html", import.meta.url)),
        dialer: fileURLToPath(new URL("dialer.html", import.meta.url)),
      },
    },
  },
});
