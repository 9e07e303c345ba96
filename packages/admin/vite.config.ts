import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into the repository's dist/admin, served by the API at /admin/ (src/http/routes/admin-routes.ts).
// Relative asset URLs (base './'), so the console also works when the API sits under a path prefix.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // Preact's automatic JSX runtime, without a plugin: Vite's own transform does it.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/admin', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No inline <script> or data: module preload polyfill: the page's CSP allows only 'self' scripts.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
