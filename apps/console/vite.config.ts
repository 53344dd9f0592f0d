import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The staff console: served by the gateway at /console, built into dist/console by `npm run build`.
export default defineConfig({
  root: __dirname,
  base: '/console/',
  build: {
    outDir: resolve(__dirname, '../../dist/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    manifest: true,
    rolldownOptions: {
      // antd marks its modules "use client" (for React Server Components); meaningless in a browser bundle
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
});
