import type { Locale } from '../db/schema.js';
import type { Role } from '../domain/permissions.js';
import type { MfaState } from '../domain/sessions.js';

/** The signed-in person a request acts for; every query is scoped by its organizationId. */
export interface Actor {
  userId: string;
  organizationId: string;
  role: Role;
  /** The language the user chose, if any; until then the browser's language decides. */
  savedLocale: Locale | null;
  organizationLocale: Locale;
  displayName: string;
  email: string;
}

/** The sign-in a request comes with: how far it got, and when the user last proved who they are. */
export interface SignInSession {
  id: string;
  mfaState: MfaState;
  authenticatedAt: Date;
}
