import type { Locale } from '../../db/schema.js';
import { cardBrandNames } from '../../domain/card.js';
import { formatMoney } from '../../domain/money.js';

// The sandbox bank's 3-D Secure page, in the cardholder's language. It stands in for the page a
// real bank shows inside the processor's frame; Settle's own pages never render it.

const words: Record<Locale, Record<string, string>> = {
  'en-US': {
    title: 'Confirm this payment',
    bank: 'Sandbox Bank · 3-D Secure test page',
    intro: 'Your bank asks you to confirm a payment of {amount} with the {brand} card ending in {last4}.',
    note: 'This is the sandbox processor: no real bank is asked. Choose how the authentication ends.',
    complete: 'Complete authentication',
    fail: 'Fail authentication',
    succeeded: 'Authentication complete. Returning to Settle…',
    failed: 'Authentication failed. Returning to Settle…',
    closed: 'This payment is no longer waiting for authentication. Return to Settle.',
    missing: 'There is no payment to confirm here.',
  },
  'zh-TW': {
    title: '確認這筆付款',
    bank: '沙箱銀行 · 3D 驗證測試頁面',
    intro: '您的銀行要求您確認以末四碼 {last4} 的 {brand} 卡片支付 {amount}。',
    note: '這是沙箱付款處理器，不會詢問真正的銀行。請選擇驗證的結果。',
    complete: '完成驗證',
    fail: '模擬驗證失敗',
    succeeded: '驗證完成。正在返回 Settle…',
    failed: '驗證失敗。正在返回 Settle…',
    closed: '這筆付款已不再等候驗證。請返回 Settle。',
    missing: '這裡沒有需要確認的付款。',
  },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => escapeHtml(values[name] ?? ''));
}

export type ChallengePageState =
  | { kind: 'ask'; amountMinor: bigint; currency: string; brand: string; last4: string }
  | { kind: 'succeeded' | 'failed' | 'closed' | 'missing' };

/** The page; once the challenge has ended it carries the payment id for the frame's script. */
export function sandboxChallengePage(options: {
  locale: Locale;
  paymentId: string;
  state: ChallengePageState;
}): string {
  const t = words[options.locale];
  const { state } = options;
  const body =
    state.kind === 'ask'
      ? `<p>${fill(t.intro ?? '', {
          amount: formatMoney({ amountMinor: state.amountMinor, currency: state.currency }, options.locale),
          brand: cardBrandNames[state.brand] ?? state.brand,
          last4: state.last4,
        })}</p>
    <p class="note">${escapeHtml(t.note ?? '')}</p>
    <form method="post">
      <input type="hidden" name="lang" value="${escapeHtml(options.locale)}">
      <button name="result" value="complete" class="primary">${escapeHtml(t.complete ?? '')}</button>
      <button name="result" value="fail">${escapeHtml(t.fail ?? '')}</button>
    </form>`
      : `<p role="status">${escapeHtml(t[state.kind] ?? '')}</p>
    <script src="/payments/challenge-done.js" data-payment-id="${escapeHtml(options.paymentId)}"></script>`;
  return `<!doctype html>
<html lang="${escapeHtml(options.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title ?? '')}</title>
<style>
  body { font: 15px/1.5 system-ui, "Segoe UI", "Noto Sans CJK TC", sans-serif; margin: 0; padding: 20px; color: #242424; background: #fff; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .bank { color: #616161; margin: 0 0 16px; font-size: 13px; }
  .note { color: #616161; font-size: 13px; }
  form { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 16px; }
  button { font: inherit; padding: 6px 16px; border-radius: 4px; border: 1px solid #d1d1d1; background: #fff; color: #242424; cursor: pointer; min-height: 32px; }
  button.primary { background: #0f6cbd; border-color: #0f6cbd; color: #fff; }
  button:focus-visible { outline: 2px solid #000; outline-offset: 2px; }
</style>
</head>
<body>
<main>
  <h1>${escapeHtml(t.title ?? '')}</h1>
  <p class="bank">${escapeHtml(t.bank ?? '')}</p>
  ${body}
</main>
</body>
</html>`;
}
