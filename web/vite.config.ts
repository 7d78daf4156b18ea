import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Two apps in one build: the storefront and account at /, the admin at /app.
// souk serves dist/ (http/web_files.cpp); hashed files land in assets/.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      input: {
        store: "index.html",
        admin: "app/index.html",
      },
      // What both apps load, named for what it is: the libraries both use
      // and our shared code. Drag and drop and virtual lists are the
      // admin's alone and stay in its chunk.
      output: {
        manualChunks: (id: string) =>
          /node_modules\/(@dnd-kit|@tanstack\/(react-)?virtual)/.test(id) ? undefined : id.includes("node_modules") ? "vendor" : id.includes("/src/shared/") ? "shared" : undefined,
      },
    },
  },
});
