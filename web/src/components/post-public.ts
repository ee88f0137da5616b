import { ApiError, type Locale } from '../api.js';

/** A call from a page reached without signing in, its errors in the language the page is shown in. */
export async function postPublic(url: string, body: unknown, locale: Locale): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': locale },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const reply = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, reply?.code, reply?.message);
  return reply;
}

/** The one-time link's token, from the URL's fragment (never sent to a server), which is then cleared. */
export function takeLinkToken(): string {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  return token;
}
