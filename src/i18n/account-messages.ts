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
    body: '有人多次以錯誤的密碼登入您的 Settle 帳戶 ({organizationName})，因此登入已暫停幾分鐘，之後每次錯誤嘗試都會暫停更久。如果是您本人，請稍候再試。如果不是，請通知您的全域系統管理員。',
  },
};

export function renderAccountLocked(locale: Locale, params: { organizationName: string }): Template {
  const template = accountLocked[locale];
  const fill = (text: string) => text.replace('{organizationName}', params.organizationName);
  return { subject: fill(template.subject), body: fill(template.body) };
}
