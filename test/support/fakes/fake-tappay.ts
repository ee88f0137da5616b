import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local TapPay that speaks the part of its backend API Settle uses, after TapPay's backend API
// documentation: card/bind (a prime from TapPay Fields → card_key and card_token), payment/pay-by-token
// (with bank_transaction_id refused when repeated, and 3-D Secure as a payment_url plus a backend
// notice), transaction/query (trade records by order_number, with record_status) and
// transaction/refund; x-api-key must be the partner key. What TapPay Fields and the bank do in the
// browser, the tests do through primeFor and answerChallenge. Bank result codes are the card networks'
// (51 insufficient funds, 54 expired, 1A/65 the issuer wants the cardholder).

type Behavior =
  | { kind: 'succeed' }
  | { kind: 'decline'; bankResultCode: string }
  | { kind: 'authenticate'; offSessionToo: boolean };

const testCards: Record<string, Behavior> = {
  '4242424242424242': { kind: 'succeed' },
  '4000000000000002': { kind: 'decline', bankResultCode: '05' },
  '4000000000009995': { kind: 'decline', bankResultCode: '51' },
  '4000000000000069': { kind: 'decline', bankResultCode: '54' },
  '4000002760003184': { kind: 'authenticate', offSessionToo: true },
  '4000002500003155': { kind: 'authenticate', offSessionToo: false },
};

const sandboxTestPrime = 'test_3a2fb2b7e892b914a03c95dd4dd5dc7970c908df67a49527c0a648b2bc9';

export type TapPayFault =
  | { kind: 'server_error' }
  | { kind: 'timeout' }
  | { kind: 'reply_lost' }
  | { kind: 'unanswered_status' }
  /** Held this long before TapPay acts on it: an answer that comes after the caller gave up. */
  | { kind: 'latency'; ms: number };

interface Trade {
  rec_trade_id: string;
  order_number: string;
  bank_transaction_id: string;
  amount: number;
  refunded_amount: number;
  currency: string;
  record_status: number;
  bank_result_code: string | null;
  time: number;
  notifyUrl: string | null;
}

export class FakeTapPay {
  readonly partnerKey = 'partner_fake';
  readonly merchantId = 'settle_fake_CTBC';
  readonly appId = 12345;
  readonly appKey = 'app_fake';
  readonly trades = new Map<string, Trade>();
  readonly requests: string[] = [];
  /** Every request TapPay acted on, once it had (a late one included), as its path. */
  readonly answered: string[] = [];
  /** Where Settle is reachable in the test (its port is known only after the adapter was made). */
  noticeOrigin: string | null = null;
  private readonly primes = new Map<string, { number: string; expiry: string; used: boolean }>();
  private readonly cards = new Map<string, { cardToken: string; behavior: Behavior }>();
  private readonly faults: { path: RegExp; fault: TapPayFault }[] = [];
  private readonly notices = new Set<Promise<void>>();
  private readonly server = createServer((request, response) => void this.handle(request, response));
  port = 0;

  get apiBase(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.notices]);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private readonly refunds: { refundId: string; orderNumber: string; amount: number }[] = [];

  injectFault(path: RegExp, fault: TapPayFault): void {
    this.faults.push({ path, fault });
  }

  /** What TapPay Fields' getPrime gives the browser for a card typed into TapPay's frames. */
  primeFor(number: string, expiry = `${new Date().getUTCFullYear() + 3}12`): string {
    const prime = `test_prime_${randomBytes(16).toString('hex')}`;
    this.primes.set(prime, { number: number.replace(/\D/g, ''), expiry, used: false });
    return prime;
  }

  /** Each refund TapPay made (whole dollars), by the trade's order number (Settle's payment id). */
  refundsOf(orderNumber: string): { refundId: string; amount: number }[] {
    return this.refunds.filter((refund) => refund.orderNumber === orderNumber);
  }

  tradeOf(orderNumber: string): Trade | undefined {
    return [...this.trades.values()].find((trade) => trade.order_number === orderNumber);
  }

  /** The cardholder answers the bank on TapPay's payment_url; TapPay then notifies the backend. */
  async answerChallenge(recTradeId: string, passed: boolean): Promise<void> {
    const trade = this.trades.get(recTradeId);
    if (trade?.record_status !== 4) throw new Error(`trade ${recTradeId} is not waiting for 3-D Secure`);
    trade.record_status = passed ? 1 : -1;
    trade.bank_result_code = passed ? '00' : '3DS_FAIL';
    await this.notify(trade);
  }

  async noticesDelivered(): Promise<void> {
    await Promise.allSettled([...this.notices]);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    this.requests.push(path);
    const at = this.faults.findIndex((entry) => entry.path.test(path));
    const fault = at >= 0 ? this.faults.splice(at, 1)[0]?.fault : undefined;
    if (fault?.kind === 'timeout') return;
    if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'server_error')
      return this.send(response, 502, { status: 915, msg: 'fake gateway error' });
    if (fault?.kind === 'unanswered_status')
      return this.send(response, 200, { status: 421, msg: 'Gateway Timeout' });
    if (request.headers['x-api-key'] !== this.partnerKey)
      return this.send(response, 200, { status: 4, msg: 'Invalid partner_key' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return this.send(response, 200, { status: 2, msg: 'Invalid request' });
    }
    const answer = this.route(path, body);
    this.answered.push(path);
    if (fault?.kind === 'reply_lost') {
      request.socket.destroy();
      return;
    }
    this.send(response, 200, answer);
  }

  private send(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  private route(path: string, body: Record<string, unknown>): unknown {
    if (body.partner_key !== this.partnerKey) return { status: 4, msg: 'Invalid partner_key' };
    if (path === '/tpc/card/bind') return this.bind(body);
    if (path === '/tpc/payment/pay-by-token') return this.payByToken(body);
    if (path === '/tpc/transaction/query') {
      const filters = (body.filters ?? {}) as { order_number?: string };
      const records = [...this.trades.values()]
        .filter((trade) => trade.order_number === filters.order_number)
        .map(({ notifyUrl: _notifyUrl, ...record }) => record);
      return { status: 0, msg: 'Success', number_of_transactions: records.length, trade_records: records };
    }
    if (path === '/tpc/transaction/refund') {
      const trade = this.trades.get(String(body.rec_trade_id));
      if (!trade || ![0, 1, 2].includes(trade.record_status))
        return { status: 10010, msg: 'Trade not refundable' };
      const amount = Number(body.amount ?? trade.amount - trade.refunded_amount);
      if (trade.refunded_amount + amount > trade.amount)
        return { status: 10011, msg: 'Refund amount too large' };
      trade.refunded_amount += amount;
      trade.record_status = trade.refunded_amount === trade.amount ? 3 : 2;
      const refundId = `R${randomBytes(8).toString('hex')}`;
      this.refunds.push({ refundId, orderNumber: trade.order_number, amount });
      return {
        status: 0,
        msg: 'Success',
        refund_id: refundId,
        refund_amount: amount,
        is_captured: true,
      };
    }
    return { status: 404, msg: 'Not found' };
  }

  private bind(body: Record<string, unknown>): unknown {
    // TapPay's documented sandbox test prime stands for a card that succeeds.
    if (body.prime === sandboxTestPrime && !this.primes.has(sandboxTestPrime))
      this.primes.set(sandboxTestPrime, {
        number: '4242424242424242',
        expiry: `${new Date().getUTCFullYear() + 3}12`,
        used: false,
      });
    const prime = this.primes.get(String(body.prime));
    if (body.prime === sandboxTestPrime && prime) prime.used = false;
    if (!prime || prime.used) return { status: 121, msg: 'Invalid prime' };
    prime.used = true;
    const cardKey = `ck_${randomBytes(12).toString('hex')}`;
    const cardToken = `ct_${randomBytes(16).toString('hex')}`;
    this.cards.set(cardKey, { cardToken, behavior: testCards[prime.number] ?? { kind: 'succeed' } });
    return {
      status: 0,
      msg: 'Success',
      card_secret: { card_key: cardKey, card_token: cardToken },
      card_info: {
        bin_code: prime.number.slice(0, 6),
        last_four: prime.number.slice(-4),
        issuer: 'FAKE BANK',
        funding: 0,
        type: prime.number.startsWith('5') ? 2 : 1,
        level: '',
        country: 'TAIWAN',
        country_code: 'TW',
        expiry_date: prime.expiry,
      },
    };
  }

  private payByToken(body: Record<string, unknown>): unknown {
    const card = this.cards.get(String(body.card_key));
    if (!card || card.cardToken !== body.card_token)
      return { status: 10003, msg: 'Card Error', bank_result_code: '14' };
    const bankTransactionId = String(body.bank_transaction_id ?? '');
    if ([...this.trades.values()].some((trade) => trade.bank_transaction_id === bankTransactionId))
      return { status: 10013, msg: 'Duplicate bank_transaction_id' };
    const amount = Number(body.amount);
    if (!Number.isInteger(amount) || amount < 1) return { status: 10009, msg: 'Amount Error' };
    const threeDomainSecure = body.three_domain_secure === true;
    const trade: Trade = {
      rec_trade_id: `D${randomBytes(10).toString('hex')}`,
      order_number: String(body.order_number ?? ''),
      bank_transaction_id: bankTransactionId,
      amount,
      refunded_amount: 0,
      currency: String(body.currency ?? 'TWD'),
      record_status: 1,
      bank_result_code: '00',
      time: Date.now(),
      notifyUrl: ((body.result_url ?? {}) as { backend_notify_url?: string }).backend_notify_url ?? null,
    };
    this.trades.set(trade.rec_trade_id, trade);
    const { behavior } = card;
    const decline = (code: string) => {
      trade.record_status = -1;
      trade.bank_result_code = code;
      return { status: 10003, msg: 'Card Error', rec_trade_id: trade.rec_trade_id, bank_result_code: code };
    };
    if (behavior.kind === 'decline') return decline(behavior.bankResultCode);
    if (behavior.kind === 'authenticate') {
      if (threeDomainSecure) {
        trade.record_status = 4;
        return {
          status: 0,
          msg: 'Success',
          rec_trade_id: trade.rec_trade_id,
          payment_url: `${this.apiBase}/3ds/${trade.rec_trade_id}`,
        };
      }
      if (behavior.offSessionToo) return decline('1A');
    }
    return { status: 0, msg: 'Success', rec_trade_id: trade.rec_trade_id, amount, currency: trade.currency };
  }

  private async notify(trade: Trade): Promise<void> {
    if (!trade.notifyUrl) return;
    const url = new URL(trade.notifyUrl);
    const target = this.noticeOrigin ? new URL(url.pathname, this.noticeOrigin) : url;
    const delivery = fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        rec_trade_id: trade.rec_trade_id,
        order_number: trade.order_number,
        bank_transaction_id: trade.bank_transaction_id,
        status: trade.record_status === 1 ? 0 : 10003,
        msg: trade.record_status === 1 ? 'Success' : '3D Secure failed',
      }),
    }).then(
      (reply) => void reply.arrayBuffer(),
      () => undefined,
    );
    this.notices.add(delivery);
    await delivery;
    this.notices.delete(delivery);
  }
}
