import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Locale } from '../../db/schema.js';
import { defaultLocale, localeFromAcceptLanguage } from '../../i18n/locale.js';

// Where a bank's challenge (3-D Secure) ends, for any processor that sends the cardholder back to a
// page (TapPay's frontend_redirect_url; the sandbox's own page uses the same script). Framed in the
// settle drawer, it tells the drawer, which then asks Settle how the payment ended; opened as a whole
// page, it leads back to the admin center.

const words: Record<Locale, { title: string; body: string; back: string }> = {
  'en-US': {
    title: 'Your bank has finished',
    body: 'Settle is recording the payment. You can return to the admin center.',
    back: 'Return to Your products',
  },
  'zh-TW': {
    title: '銀行驗證已完成',
    body: 'Settle 正在記錄這筆付款。您可以返回系統管理中心。',
    back: '返回您的產品',
  },
};

/**
 * Tells the page that framed the challenge (the settle drawer) that it has ended; only its origin
 * hears it. Opened as the whole page instead (a bank's page that will not show in a frame is opened
 * in the window), it asks Settle to record how the payment ended, then goes back to the subscription.
 */
const challengeDoneScript = `(() => {
  const paymentId = document.currentScript && document.currentScript.dataset.paymentId;
  if (!paymentId) return;
  if (window.parent !== window) {
    window.parent.postMessage({ type: 'settle.challenge_ended', paymentId }, window.location.origin);
    return;
  }
  const back = (answer) =>
    window.location.replace(
      answer && answer.subscriptionId
        ? '/billing/products/' + encodeURIComponent(answer.subscriptionId)
        : '/billing/products',
    );
  fetch('/api/payments/' + encodeURIComponent(paymentId) + '/complete', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'challenge-' + crypto.randomUUID() },
    body: '{}',
  })
    .then((response) => response.json())
    .then((answer) => {
      // The subscription's page shows the confirmation once, as the drawer would have (web/src/bank-return.ts).
      try {
        if (answer && answer.status === 'succeeded') sessionStorage.setItem('settle.bankReturn', JSON.stringify(answer));
      } catch (_) {}
      back(answer);
    }, () => back(null));
})();
`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function challengeRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/payments/challenge-done.js',
      { config: { public: true }, schema: { hide: true } },
      (_request, reply) =>
        reply
          .type('text/javascript; charset=utf-8')
          .header('cache-control', 'no-cache')
          .send(challengeDoneScript),
    );
    app.get(
      '/payments/challenge-ended',
      {
        config: { public: true },
        schema: {
          hide: true,
          querystring: z.object({ payment: z.string().max(100).default('') }),
        },
      },
      (request, reply) => {
        const locale = localeFromAcceptLanguage(request.headers['accept-language']) ?? defaultLocale;
        const t = words[locale];
        const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>body { font: 15px/1.5 system-ui, "Segoe UI", "Noto Sans CJK TC", sans-serif; margin: 0; padding: 20px; color: #242424; }</style>
</head><body><main><h1 style="font-size:20px">${escapeHtml(t.title)}</h1><p role="status">${escapeHtml(t.body)}</p>
<p><a href="/billing/products">${escapeHtml(t.back)}</a></p></main>
<script src="/payments/challenge-done.js" data-payment-id="${escapeHtml(request.query.payment)}"></script></body></html>`;
        return reply
          .header('x-frame-options', 'SAMEORIGIN')
          .header(
            'content-security-policy',
            "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'",
          )
          .type('text/html; charset=utf-8')
          .send(html);
      },
    );
  };
}
