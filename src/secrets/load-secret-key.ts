import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSecretKeyText, parseSecretKey, type SecretKey } from './seal.js';

/**
 * The server's key for sealed secrets: SETTLE_SECRET_KEY, else (embedded database only) a key file
 * made once in the data folder, readable by its owner only. On PostgreSQL every process must share
 * one key, so it must come from the environment; without it, nothing that needs sealing can be set up.
 */
export function loadSecretKey(options: {
  fromEnvironment: string | undefined;
  dataDir: string | undefined;
}): {
  key: SecretKey | null;
  source: 'environment' | 'key file' | 'none';
} {
  if (options.fromEnvironment) return { key: parseSecretKey(options.fromEnvironment), source: 'environment' };
  if (!options.dataDir) return { key: null, source: 'none' };
  const path = join(options.dataDir, 'secret.key');
  if (!existsSync(path)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(path, `${newSecretKeyText()}\n`, { mode: 0o600, flag: 'wx' });
  }
  return { key: parseSecretKey(readFileSync(path, 'utf8').trim()), source: 'key file' };
}
