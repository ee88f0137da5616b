/**
 * The processor's own card form, when it has one (Stripe's Elements, TapPay's fields): it registers
 * how to save the card it holds and answers the saved card's token, or the processor's message. Only
 * one card form is on screen at a time, so there is one collector. Its own module, so the processors'
 * fields and the form that hosts them do not import each other.
 */
export interface CardCollector {
  collect: ((name: string) => Promise<{ token: string } | { error: string }>) | null;
}

export const cardCollector: CardCollector = { collect: null };
