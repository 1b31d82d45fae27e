import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Two pages: the main window and the pop-up card (one window per call).
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
      },
    },
  },
});
