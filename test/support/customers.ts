/** A US customer paid by invoice, as the provider API takes it: the tests' usual new organization. */
export function invoicedUsCustomer(name = 'Northwind Traders') {
  return {
    name,
    country: 'US',
    currency: 'USD',
    locale: 'en-US',
    taxRateBp: 0,
    collectionMethod: 'send_invoice',
    daysUntilDue: 30,
  } as const;
}
