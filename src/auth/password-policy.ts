import { dictionary } from '@zxcvbn-ts/language-common';

// What a new password must be, after NIST SP 800-63B: long enough, and not one that attackers try
// first. The list is the 49,000 most common passwords from @zxcvbn-ts/language-common.
export const minimumPasswordLength = 12;
const common = new Set((dictionary['passwords-common'] as string[]).map((word) => word.toLowerCase()));

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_email';

export function passwordProblem(password: string, context: { email: string }): PasswordProblem | null {
  if ([...password].length < minimumPasswordLength) return 'too_short';
  if (password.length > 200) return 'too_long';
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'too_common';
  const local = context.email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local)) return 'contains_email';
  return null;
}
