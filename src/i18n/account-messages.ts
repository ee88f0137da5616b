import type { Locale } from '../db/schema.js';

type Template = { subject: string; body: string };

// Told to the account's owner, by email when SMTP_URL is set (else in their Billing notifications).
const accountLocked: Record<Locale, Template> = {
  'en-US': {
    subject: 'Sign-in to your Settle account was paused',
    body: 'Someone entered a wrong password for your Settle account ({organizationName}) several times, so sign-in is paused for a few minutes and longer with each further attempt. If it was you, wait and try again. If it wasn’t, tell your Global admin.',
  },
  'zh-TW': {
    subject: '您的 Settle 帳戶已暫停登入',
    body: '有人多次以錯誤的密碼登入您的 Settle 帳戶（{organizationName}），因此登入已暫停幾分鐘，之後每次錯誤嘗試都會暫停更久。如果是您本人，請稍候再試。如果不是，請通知您的全域系統管理員。',
  },
};

export function renderAccountLocked(locale: Locale, params: { organizationName: string }): Template {
  const template = accountLocked[locale];
  const fill = (text: string) => text.replace('{organizationName}', params.organizationName);
  return { subject: fill(template.subject), body: fill(template.body) };
}

// One-time links, sent straight to the person (never queued: the link must not be stored).
const accountLinks: Record<'invitation' | 'password_reset', Record<Locale, Template>> = {
  invitation: {
    'en-US': {
      subject: 'You’re invited to manage {organizationName}’s billing in Settle',
      body: 'Hello {displayName},\n\nYou have been invited as {role} of {organizationName} in the Settle admin center. Choose your password here (the link works once, for 7 days):\n\n{link}\n\nIf you weren’t expecting this, ignore this email.',
    },
    'zh-TW': {
      subject: '邀請您在 Settle 管理 {organizationName} 的帳單',
      body: '{displayName} 您好：\n\n您已受邀成為 Settle 系統管理中心內 {organizationName} 的{role}。請在此設定您的密碼 (連結只能使用一次，7 天內有效)：\n\n{link}\n\n如果您並未預期收到此邀請，請忽略這封電子郵件。',
    },
  },
  password_reset: {
    'en-US': {
      subject: 'Reset your Settle password',
      body: 'Hello {displayName},\n\nSomeone asked to reset the password of your Settle account ({organizationName}). Choose a new one here (the link works once, for 1 hour):\n\n{link}\n\nIf it wasn’t you, ignore this email: your password stays as it is.',
    },
    'zh-TW': {
      subject: '重設您的 Settle 密碼',
      body: '{displayName} 您好：\n\n有人要求重設您的 Settle 帳戶（{organizationName}）密碼。請在此設定新密碼（連結只能使用一次，1 小時內有效）：\n\n{link}\n\n如果不是您本人提出的，請忽略這封電子郵件，您的密碼不會變更。',
    },
  },
};

const roleNames: Record<string, Record<Locale, string>> = {
  global_admin: { 'en-US': 'Global admin', 'zh-TW': '全域系統管理員' },
  billing_admin: { 'en-US': 'Billing admin', 'zh-TW': '計費系統管理員' },
  global_reader: { 'en-US': 'Global reader', 'zh-TW': '全域讀取者' },
  user: { 'en-US': 'user', 'zh-TW': '使用者' },
};

export function renderAccountLink(
  purpose: 'invitation' | 'password_reset',
  locale: Locale,
  params: { displayName: string; organizationName: string; role: string; link: string },
): Template {
  const template = accountLinks[purpose][locale];
  const values: Record<string, string> = { ...params, role: roleNames[params.role]?.[locale] ?? params.role };
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  return { subject: fill(template.subject), body: fill(template.body) };
}
