import type { Payment } from '../db/schema.js';

/** A payment made by card: its card fields are there (the database's check says so). */
export type CardPayment = Payment & {
  gateway_token: string;
  card_brand: string;
  card_last4: string;
  card_exp_month: number;
  card_exp_year: number;
  cardholder_name: string;
};

/** The payment as a card payment; throws for one recorded outside a card, which no card path may take. */
export function asCardPayment(payment: Payment): CardPayment {
  const { gateway_token, card_brand, card_last4, card_exp_month, card_exp_year, cardholder_name } = payment;
  if (
    gateway_token === null ||
    card_brand === null ||
    card_last4 === null ||
    card_exp_month === null ||
    card_exp_year === null ||
    cardholder_name === null
  )
    throw new Error(`payment ${payment.id} was not made by card`);
  return {
    ...payment,
    gateway_token,
    card_brand,
    card_last4,
    card_exp_month,
    card_exp_year,
    cardholder_name,
  };
}
