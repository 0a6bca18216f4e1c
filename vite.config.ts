import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    // The cashier page, and the outbox page the Electron main process keeps in a hidden window.
    rollupOptions: { input: { main: 'renderer/index.html', outbox: 'renderer/outbox.html' } },
  },
});
