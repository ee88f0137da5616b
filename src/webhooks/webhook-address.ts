import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where Settle may send a webhook. Only public unicast addresses by default: a provider's endpoint URL
 * must not reach the server's own network (a metadata service on 169.254.169.254, a database on
 * 10.0.0.5, Settle itself on 127.0.0.1). SETTLE_WEBHOOK_ALLOW_PRIVATE=true lets private, loopback
 * and link-local ranges through (tests, a receiver on the same host); never the unspecified address.
 */
export function addressAllowed(address: string, allowPrivate: boolean): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast') return true;
  if (!allowPrivate) return false;
  return ['private', 'loopback', 'linkLocal', 'uniqueLocal', 'carrierGradeNat'].includes(range);
}

export class AddressRefusedError extends Error {
  override name = 'AddressRefusedError';
  constructor(readonly address: string) {
    super(`address ${address} is in a private, loopback or reserved range`);
  }
}

/**
 * A DNS lookup for http.request that refuses forbidden addresses: the check happens on the address
 * actually connected to, so a name that resolves to a public address when registered and to
 * 127.0.0.1 when delivered (DNS rebinding) is still refused.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: object,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const refused = addresses.find((entry) => !addressAllowed(entry.address, allowPrivate));
      if (refused) return callback(new AddressRefusedError(refused.address), '');
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), '');
      callback(null, first.address, first.family);
    });
  };
}

/** The reason a URL cannot be an endpoint, or null. Names are resolved: all their addresses must pass. */
export async function webhookUrlProblem(
  text: string,
  allowPrivate: boolean,
): Promise<'scheme' | 'private_address' | 'unresolvable' | 'credentials' | null> {
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  if (url.username || url.password) return 'credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return addressAllowed(host, allowPrivate) ? null : 'private_address';
  const addresses = await new Promise<LookupAddress[] | null>((resolve) =>
    dnsLookup(host, { all: true }, (error, found) => resolve(error ? null : found)),
  );
  if (!addresses?.length) return 'unresolvable';
  return addresses.every((entry) => addressAllowed(entry.address, allowPrivate)) ? null : 'private_address';
}
