import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';

// Authenticator apps (RFC 6238 TOTP through otplib) and recovery codes: the parts with no I/O.

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// link an authenticator app reads from the QR code. */
export function totpUri(options: { secret: string; email: string }): string {
  return generateURI({ issuer: 'Settle', label: options.email, secret: options.secret });
}

/**
 * The time step a code is good for, or null. One step either side is accepted (a phone's clock drifts;
 * typing takes time); a step at or before the last one accepted is not, so a code works once.
 */
export async function acceptedTotpStep(options: {
  secret: string;
  code: string;
  lastStep: number | null;
}): Promise<number | null> {
  if (!/^\d{6}$/.test(options.code)) return null;
  const result = await verify({
    secret: options.secret,
    token: options.code,
    epochTolerance: 30,
    ...(options.lastStep === null ? {} : { afterTimeStep: options.lastStep }),
  }).catch(() => ({ valid: false as const }));
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

const codeAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten single-use codes of 16 characters (about 79 bits each), shown once; only their hashes are kept. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const bytes = randomBytes(16);
    const chars = Array.from(bytes, (byte) => codeAlphabet[byte % codeAlphabet.length]).join('');
    return chars.match(/.{4}/g)?.join('-') ?? chars;
  });
}

export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
}
