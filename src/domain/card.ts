// Card checks that need no gateway: they reject obvious mistakes before anything is sent.

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'jcb' | 'unknown';

/** A brand as people write it (the same in English and Chinese): "Visa", not the stored "visa". */
export const cardBrandNames: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  jcb: 'JCB',
};

export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function passesLuhn(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function detectBrand(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^35/.test(digits)) return 'jcb';
  return 'unknown';
}

/** A card is valid through the last day of its expiry month. */
export function isExpired(expiry: { expMonth: number; expYear: number }, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return expiry.expYear < year || (expiry.expYear === year && expiry.expMonth < month);
}

export function isPlausibleExpiry(expiry: { expMonth: number; expYear: number }, now: Date): boolean {
  return (
    Number.isInteger(expiry.expMonth) &&
    expiry.expMonth >= 1 &&
    expiry.expMonth <= 12 &&
    Number.isInteger(expiry.expYear) &&
    expiry.expYear <= now.getUTCFullYear() + 20
  );
}

// 13 to 19 digits, optionally grouped by single spaces or dashes, standing alone (not part of a longer
// run of digits, such as an id): the shape of a card number typed where it does not belong.
const cardNumberShape = /(?<!\d[ -]?)(?:\d[ -]?){12,18}\d(?![ -]?\d)/g;
// UUIDs (ids, Idempotency-Keys) can hold long runs of digits by chance: they are never card numbers.
const uuidShape = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Whether text holds something that looks like a card number (the shape, and the Luhn check digit). */
export function containsCardNumber(text: string): boolean {
  for (const match of text.replace(uuidShape, 'uuid').matchAll(cardNumberShape)) {
    if (passesLuhn(normalizeCardNumber(match[0]))) return true;
  }
  return false;
}

/** The text with anything that looks like a card number replaced, for logs. */
export function maskCardNumbers(text: string): string {
  return text.replace(cardNumberShape, (found) =>
    passesLuhn(normalizeCardNumber(found)) ? '[card number removed]' : found,
  );
}
