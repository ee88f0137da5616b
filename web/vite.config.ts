import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const api = process.env.SETTLE_API ?? 'http://127.0.0.1:3000';

/**
 * Writes .br and .gz beside each built asset, once at build time, so the server sends the bundle
 * compressed (@fastify/static's preCompressed) without compressing it again on every request.
 */
function precompress(): Plugin {
  return {
    name: 'settle-precompress',
    apply: 'build',
    closeBundle() {
      const dir = join(import.meta.dirname, 'dist', 'assets');
      for (const file of readdirSync(dir).filter((name) => /\.(js|css|svg)$/.test(name))) {
        const content = readFileSync(join(dir, file));
        writeFileSync(join(dir, `${file}.gz`), gzipSync(content, { level: 9 }));
        writeFileSync(
          join(dir, `${file}.br`),
          brotliCompressSync(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [react(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  // `npm run dev:web` serves the app with hot reload in front of a running `npm start`.
  server: { proxy: { '/api': api, '/gateway': api, '/docs': api } },
});
