// Money is always an integer count of minor units with its ISO 4217 currency.
// Floats never carry an amount; they appear only at the last step of display.

export type CurrencyCode = 'USD' | 'TWD' | 'EUR' | 'JPY';

/** ISO 4217 exponents of the currencies Settle bills in. */
export const currencyExponent: Record<CurrencyCode, number> = { USD: 2, TWD: 2, EUR: 2, JPY: 0 };

export const supportedCurrencies = Object.keys(currencyExponent) as CurrencyCode[];

/**
 * The smallest amount Settle bills in each currency, in minor units. Storage keeps ISO 4217 minor
 * units, but New Taiwan dollars are invoiced (and charged by Taiwanese gateways such as TapPay) in
 * whole dollars, and yen have no minor unit at all: every computed amount (proration, tax) rounds to
 * this step, so an invoice's lines and total are whole amounts that add up exactly.
 */
export const billingIncrementMinor: Record<CurrencyCode, bigint> = { USD: 1n, EUR: 1n, TWD: 100n, JPY: 1n };

/** numerator / denominator in minor units, rounded half up to the currency's billing precision. */
export function divideToBillingPrecision(
  numerator: bigint,
  denominator: bigint,
  currency: CurrencyCode,
): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('amounts to divide must be non-negative');
  const increment = billingIncrementMinor[currency];
  const step = denominator * increment;
  return ((numerator * 2n + step) / (2n * step)) * increment;
}

export interface Money {
  amountMinor: bigint;
  currency: CurrencyCode;
}

/** The largest amount Settle accepts in one payment: keeps every figure a safe JSON integer. */
/** A catalogue price must be a whole billing step: New Taiwan dollars without cents. */
export function isWholeBillingStep(amountMinor: bigint, currency: CurrencyCode): boolean {
  return amountMinor % billingIncrementMinor[currency] === 0n;
}

export const maxAmountMinor = 99_999_999_999n;

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.hasOwn(currencyExponent, value);
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}

export function sumMoney(currency: CurrencyCode, items: readonly Money[]): Money {
  return items.reduce<Money>((total, item) => addMoney(total, item), { amountMinor: 0n, currency });
}

export function multiplyMoney(unit: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`bad quantity ${quantity}`);
  return { amountMinor: unit.amountMinor * BigInt(quantity), currency: unit.currency };
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
}

/** Converts to a JSON-safe integer for the API; amounts past 2^53 never exist in Settle. */
export function minorToJson(amountMinor: bigint): number {
  const asNumber = Number(amountMinor);
  if (!Number.isSafeInteger(asNumber)) throw new RangeError(`amount ${amountMinor} is not JSON-safe`);
  return asNumber;
}

/**
 * Formats for people. Taiwanese readers expect "NT$" even in zh-TW, where ICU prints a bare "$";
 * whole New Taiwan dollars are shown without cents, as on Taiwanese invoices.
 */
export function formatMoney(
  money: { amountMinor: bigint | number; currency: string },
  locale: string,
): string {
  const exponent = isCurrencyCode(money.currency) ? currencyExponent[money.currency] : 2;
  const minor = BigInt(money.amountMinor);
  const divisor = 10n ** BigInt(exponent);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  // Build the decimal string from integers so no float ever rounds a cent.
  const whole = abs / divisor;
  const fraction = exponent > 0 ? (abs % divisor).toString().padStart(exponent, '0') : '';
  const decimal = `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    trailingZeroDisplay: money.currency === 'TWD' ? 'stripIfInteger' : 'auto',
  });
  // Intl accepts decimal strings exactly (no float conversion) since ES2023.
  const parts = format.formatToParts(decimal as unknown as number);
  return parts
    .map((part) =>
      part.type === 'currency' && money.currency === 'TWD' && part.value === '$' ? 'NT$' : part.value,
    )
    .join('');
}

/** The smaller of two amounts (Math.min takes numbers, not bigints). */
export function minMinor(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
