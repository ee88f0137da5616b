// A customer's own account number at the seller's bank (虛擬帳號, a virtual account). The bank gives
// the seller a prefix; the seller numbers its customers under it and the bank credits any transfer to
// such a number to the seller's real account, telling it which number was paid. Fourteen digits, the
// last a Luhn check digit, so a mistyped number is refused by the bank rather than paid to someone else.

export const transferAccountDigits = 14;

/** The prefix a bank gives: 3 to 6 digits. */
export function isTransferAccountPrefix(prefix: string): boolean {
  return /^\d{3,6}$/.test(prefix);
}

/** The serial-th customer's account number under the prefix. */
export function transferAccountNumber(prefix: string, serial: bigint): string {
  if (!isTransferAccountPrefix(prefix))
    throw new RangeError(`transfer account prefix ${prefix} is not 3 to 6 digits`);
  const serialDigits = transferAccountDigits - 1 - prefix.length;
  const body = `${prefix}${serial.toString().padStart(serialDigits, '0')}`;
  if (serial < 1n || body.length !== transferAccountDigits - 1)
    throw new RangeError(`serial ${serial} does not fit under prefix ${prefix}`);
  return `${body}${luhnCheckDigit(body)}`;
}

/** Whether the text is a whole account number with a right check digit. */
export function isTransferAccountNumber(text: string): boolean {
  if (!new RegExp(`^\\d{${transferAccountDigits}}$`).test(text)) return false;
  return luhnCheckDigit(text.slice(0, -1)) === text.slice(-1);
}

function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    // From the right, every other digit doubled, starting with the rightmost of the body.
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}
