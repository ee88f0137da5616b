// How long a sign-in lasts and what it must have proved. Pure: resolve-session and the use cases ask here.
import type { Role } from './permissions.js';

/** Signed out after 30 minutes without a request. */
export const idleTimeoutMs = 30 * 60 * 1000;
/** Signed out 12 hours after signing in, however active. */
export const absoluteLifetimeMs = 12 * 60 * 60 * 1000;
/** By default a sensitive change needs the user to have proved who they are within the last 10 minutes. */
export const reauthenticationWindowMs = 10 * 60 * 1000;
/** last_seen_at is written at most this often: a write per request would cost every page. */
export const lastSeenResolutionMs = 60 * 1000;

export type MfaState = 'complete' | 'mfa_pending' | 'mfa_enroll';

export function sessionAlive(session: { expiresAt: Date; lastSeenAt: Date }, now: Date): boolean {
  return session.expiresAt > now && now.getTime() - session.lastSeenAt.getTime() < idleTimeoutMs;
}

export function recentlyAuthenticated(
  session: { authenticatedAt: Date },
  now: Date,
  windowMs: number = reauthenticationWindowMs,
): boolean {
  return now.getTime() - session.authenticatedAt.getTime() < windowMs;
}

/** Roles an organization's "require multi-factor sign-in" setting applies to: those that move money. */
export function mfaRequiredFor(role: Role, organizationRequiresMfa: boolean): boolean {
  return organizationRequiresMfa && (role === 'global_admin' || role === 'billing_admin');
}

/** What a correct password leads to: straight in, a second factor, or setting one up first. */
export function stateAfterPassword(options: {
  hasSecondFactor: boolean;
  role: Role;
  organizationRequiresMfa: boolean;
}): MfaState {
  if (options.hasSecondFactor) return 'mfa_pending';
  if (mfaRequiredFor(options.role, options.organizationRequiresMfa)) return 'mfa_enroll';
  return 'complete';
}
