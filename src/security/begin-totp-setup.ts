import QRCode from 'qrcode';
import type { Actor, SignInSession } from '../auth/actor.js';
import { newTotpSecret, totpUri } from '../auth/totp.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { type SecretKey, seal } from '../secrets/seal.js';

/**
 * A new authenticator secret to scan (QR code) or type in. It is kept sealed as pending until a code
 * from the app confirms the user has it; until then the old one (if any) still signs in.
 */
export async function beginTotpSetup(options: {
  db: Db;
  secretKey: SecretKey | null;
  actor: Actor;
  session: SignInSession;
}): Promise<{ secret: string; otpauthUri: string; qrCodeSvg: string }> {
  if (!options.secretKey) throw new AppError('mfa_unavailable');
  if (options.session.mfaState === 'mfa_pending') throw new AppError('second_factor_required');
  const secret = newTotpSecret();
  const otpauthUri = totpUri({ secret, email: options.actor.email });
  await options.db
    .updateTable('users')
    .set({ totp_pending_sealed: seal(options.secretKey, secret) })
    .where('id', '=', options.actor.userId)
    .where('organization_id', '=', options.actor.organizationId)
    .execute();
  const qrCodeSvg = await QRCode.toString(otpauthUri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { secret, otpauthUri, qrCodeSvg };
}
