import { defineConfig } from 'vite';

// The web app's own build; the tests have their own config (vitest.config.ts at the root).
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/api': 'http://127.0.0.1:8042' } },
});
