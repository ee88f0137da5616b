import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';

const challengeLifetimeMs = 5 * 60 * 1000;

/** Remembers a ceremony's challenge on the session that asked for it. */
export async function rememberChallenge(
  db: Db,
  sessionId: string,
  challenge: string,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({
      webauthn_challenge: challenge,
      webauthn_challenge_expires_at: new Date(now.getTime() + challengeLifetimeMs),
    })
    .where('id', '=', sessionId)
    .execute();
}

/** Takes the session's challenge, once: a replayed answer finds none. */
export async function takeChallenge(db: Db, sessionId: string, now = new Date()): Promise<string> {
  const row = await db
    .selectFrom('sessions')
    .select('webauthn_challenge')
    .where('id', '=', sessionId)
    .where('webauthn_challenge_expires_at', '>', now)
    .executeTakeFirst();
  const challenge = row?.webauthn_challenge;
  if (!challenge) throw new AppError('passkey_invalid');
  // Cleared only if still the same: of two requests racing with one answer, one gets it.
  const taken = await db
    .updateTable('sessions')
    .set({ webauthn_challenge: null, webauthn_challenge_expires_at: null })
    .where('id', '=', sessionId)
    .where('webauthn_challenge', '=', challenge)
    .executeTakeFirst();
  if (taken.numUpdatedRows === 0n) throw new AppError('passkey_invalid');
  return challenge;
}
