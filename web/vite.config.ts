import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.SETTLE_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  // `npm run dev:web` serves the app with hot reload in front of a running `npm start`.
  server: { proxy: { '/api': api, '/gateway': api, '/docs': api } },
});
