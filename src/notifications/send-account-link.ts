import type { Transporter } from 'nodemailer';
import type { Locale } from '../db/schema.js';
import { renderAccountLink } from '../i18n/account-messages.js';

export interface Mailer {
  transport: Transporter;
  from: string;
}

/**
 * Emails an invitation or a password-reset link straight away, outside any transaction. Not queued:
 * a queued email is a stored one, and the link must not be stored. False when it could not be sent.
 */
export async function sendAccountLink(options: {
  mailer: Mailer | null;
  purpose: 'invitation' | 'password_reset';
  to: { email: string; displayName: string };
  locale: Locale;
  params: { organizationName: string; role: string; link: string };
  log: (message: string) => void;
}): Promise<boolean> {
  if (!options.mailer) return false;
  const { subject, body } = renderAccountLink(options.purpose, options.locale, {
    displayName: options.to.displayName,
    ...options.params,
  });
  try {
    await options.mailer.transport.sendMail({
      from: options.mailer.from,
      to: { name: options.to.displayName, address: options.to.email },
      subject,
      text: body,
    });
    return true;
  } catch (error) {
    // The reason, never the message: it holds the link.
    options.log(`could not email a ${options.purpose} link: ${(error as Error).name}`);
    return false;
  }
}
