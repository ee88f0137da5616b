import { type Mailer, sendAccountLink } from '../notifications/send-account-link.js';
import { type Invitee, inviteUser } from './invite-user.js';

/**
 * Invites a user and emails the one-time link straight away (after the commit); the link is returned
 * for the caller to show or pass on when it could not be emailed. The token is never stored.
 */
export async function sendInvitation(
  options: Parameters<typeof inviteUser>[0] & {
    invitee: Invitee;
    /** Where people reach Settle: the link is {origin}/accept-invitation#token=… */
    origin: string;
    mailer: Mailer | null;
    log: (message: string) => void;
  },
): Promise<{ userId: string; email: string; expiresAt: Date; acceptUrl: string; emailed: boolean }> {
  const invited = await inviteUser(options);
  // The token goes in the fragment: browsers send neither it nor the page's referrer anywhere.
  const acceptUrl = `${options.origin}/accept-invitation#token=${invited.token}`;
  const emailed = await sendAccountLink({
    mailer: options.mailer,
    purpose: 'invitation',
    to: { email: options.invitee.email, displayName: options.invitee.displayName },
    locale: invited.locale,
    params: { organizationName: invited.organizationName, role: options.invitee.role, link: acceptUrl },
    log: options.log,
  });
  return {
    userId: invited.userId,
    email: options.invitee.email.trim().toLowerCase(),
    expiresAt: invited.expiresAt,
    acceptUrl,
    emailed,
  };
}
