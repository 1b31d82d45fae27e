import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The admin console: one page, served by the relay at /admin (admin.html) with its assets under
// /admin/assets/. Built apart from the desktop app (vite.config.ts → dist), which stays as it is.
export default defineConfig({
  clearScreen: false,
  base: "/admin/",
  build: {
    target: "es2022",
    outDir: "dist-admin",
    emptyOutDir: true,
    rollupOptions: {
      input: {
        admin: fileURLToPath(new URL("admin.html", import.meta.url)),
      },
    },
  },
});
