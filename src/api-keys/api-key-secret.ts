import { createHash, randomBytes } from 'node:crypto';

/** sk_ and 43 characters of 32 random bytes; the first 12 characters are the prefix shown in lists. */
export function newApiKeySecret(): { secret: string; prefix: string; secretHash: string } {
  const secret = `sk_${randomBytes(32).toString('base64url')}`;
  return { secret, prefix: prefixOf(secret), secretHash: hashApiKeySecret(secret) };
}

export function prefixOf(secret: string): string {
  return secret.slice(0, 12);
}

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
