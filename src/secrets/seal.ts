import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets Settle must read back (an authenticator's seed; later, webhook signing secrets) are sealed
 * with AES-256-GCM under the server's key (SETTLE_SECRET_KEY, or a key file in the embedded data
 * folder), so a copy of the database alone does not give them away. Stored as v1.iv.tag.ciphertext.
 */
export interface SecretKey {
  key: Buffer;
}

export function parseSecretKey(text: string): SecretKey {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes, base64');
  return { key };
}

export function newSecretKeyText(): string {
  return randomBytes(32).toString('base64');
}

export function seal(secretKey: SecretKey, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey.key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

export function unseal(secretKey: SecretKey, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', secretKey.key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** Null when the secret was sealed under another key (SETTLE_SECRET_KEY changed or lost). */
export function tryUnseal(secretKey: SecretKey, sealed: string): string | null {
  try {
    return unseal(secretKey, sealed);
  } catch {
    return null;
  }
}
