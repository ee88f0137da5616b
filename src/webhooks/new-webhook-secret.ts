import { randomBytes } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import { type SecretKey, seal } from '../secrets/seal.js';

/** A signing secret in the Standard Webhooks form (whsec_ + 24 random bytes, base64), and its sealed copy. */
export function newWebhookSecret(secretKey: SecretKey | null): { secret: string; sealed: string } {
  if (!secretKey) throw new AppError('webhooks_unavailable');
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  return { secret, sealed: seal(secretKey, secret) };
}
