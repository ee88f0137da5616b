import { AppError } from '../domain/errors.js';
import { recentlyAuthenticated } from '../domain/sessions.js';
import type { SignInSession } from './actor.js';

/**
 * A sensitive change (a card, a second factor, who may sign in) needs a proof of identity within
 * the server's window (SETTLE_REAUTH_WINDOW_MS, 10 minutes by default).
 */
export function assertRecentlyAuthenticated(
  session: SignInSession,
  windowMs: number,
  now: Date = new Date(),
): void {
  if (!recentlyAuthenticated(session, now, windowMs)) throw new AppError('reauthentication_required');
}
