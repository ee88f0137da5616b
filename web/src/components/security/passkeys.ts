import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { newIdempotencyKey, sendJson } from '../../api.js';

// The browser's side of passkeys: the server makes the challenge, the authenticator signs it, the
// server checks the signature. The private key never leaves the authenticator.

/** Makes a passkey on this device (or a phone or security key) and keeps it; recovery codes if it is the first factor. */
export async function addPasskey(name: string): Promise<{ recoveryCodes: string[] | null }> {
  // biome-ignore lint/suspicious/noExplicitAny: the server's options are WebAuthn's JSON, typed by the library
  const optionsJSON = await sendJson<any>(
    'POST',
    '/api/me/security/passkeys/options',
    {},
    newIdempotencyKey(),
  );
  const passkey = await startRegistration({ optionsJSON });
  return sendJson('POST', '/api/me/security/passkeys', { name, passkey }, newIdempotencyKey());
}

/** Asks one of the user's passkeys to sign the server's challenge; the answer goes to sign-in or "confirm it's you". */
export async function signWithPasskey(post: (url: string, body: unknown) => Promise<unknown>) {
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const optionsJSON = (await post('/api/auth/passkey-options', {})) as any;
  return startAuthentication({ optionsJSON });
}
