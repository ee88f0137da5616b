import { AppError } from '../domain/errors.js';
import { reauthenticationWindowMs, recentlyAuthenticated } from '../domain/sessions.js';
import type { SignInSession } from './actor.js';

let windowMs = reauthenticationWindowMs;

/** How recent a proof of identity a sensitive change needs; the server sets it from SETTLE_REAUTH_WINDOW_MS. */
export function setReauthenticationWindow(ms: number): void {
  windowMs = ms;
}

/** A sensitive change (a card, a second factor, who may sign in) needs a recent proof of identity. */
export function assertRecentlyAuthenticated(session: SignInSession, now: Date = new Date()): void {
  if (!recentlyAuthenticated(session, now, windowMs)) throw new AppError('reauthentication_required');
}
