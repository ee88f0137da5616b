/**
 * Who passkeys are made for: the site's host name (the WebAuthn RP ID) and its origin, which the
 * browser writes into every signed answer. From SETTLE_PUBLIC_URL when set, else from the request
 * (a phishing site's answers name its own origin and fail either way).
 */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}
