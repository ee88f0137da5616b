// Tax IDs an organization may have, checked before they are printed on an invoice.

const ubnWeights = [1, 2, 1, 2, 1, 2, 4, 1];

/**
 * A Taiwanese business number (統一編號): 8 digits, each times its weight (1,2,1,2,1,2,4,1), the digits
 * of each product added up. Since April 2023 the total must be divisible by 5 (it was 10); when the
 * 7th digit is 7, its product 28 may count as 10 or 1, so the total or the total + 1 must be.
 */
export function isValidTaiwanBusinessNumber(text: string): boolean {
  if (!/^\d{8}$/.test(text)) return false;
  const digits = [...text].map(Number);
  const total = digits.reduce((sum, digit, i) => {
    const product = digit * (ubnWeights[i] ?? 0);
    return sum + Math.floor(product / 10) + (product % 10);
  }, 0);
  if (total % 5 === 0) return true;
  return digits[6] === 7 && (total + 1) % 5 === 0;
}
