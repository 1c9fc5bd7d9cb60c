import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const apiPort = Number(process.env.PORT ?? 8787);

export default defineConfig({
  root: 'client',
  publicDir: false,
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // The app, and the pages linked from its footer: the accessibility statement (static) and the admins' audit log.
      input: {
        index: resolve(import.meta.dirname, 'client/index.html'),
        accessibility: resolve(import.meta.dirname, 'client/accessibility.html'),
        audit: resolve(import.meta.dirname, 'client/audit.html'),
      },
      output: {
        // The map engine changes rarely: a chunk of its own stays cached across app releases.
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'deckgl', test: /node_modules[\\/](@deck\.gl|@luma\.gl|@loaders\.gl|@math\.gl|@probe\.gl)/ },
            // Vite's preload helper stays with the small entry (client/boot.ts), not in a map bundle it would wait for.
            { name: 'boot', test: /preload-helper/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${apiPort}` },
  },
});
