import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Loopback, for a receiver on Settle's own host (tests, a sidecar): what SETTLE_WEBHOOK_ALLOW usually names. */
export const sameHost: readonly string[] = ['127.0.0.0/8', '::1/128'];

/** Cloud instance metadata services: never a webhook's target, whatever the allowlist says. */
const metadataAddresses = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);

/** A CIDR range as SETTLE_WEBHOOK_ALLOW writes them (10.0.0.0/8, ::1/128), or an error's reason. */
export function parseRange(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  try {
    return ipaddr.parseCIDR(text.trim());
  } catch {
    return null;
  }
}

/**
 * Where Settle may send a webhook. Public unicast addresses, and besides them only the ranges the
 * operator listed (SETTLE_WEBHOOK_ALLOW, e.g. 127.0.0.1/32 for a receiver on the same host): a
 * provider's endpoint URL must not reach the server's own network (a database on 10.0.0.5, Settle
 * itself on 127.0.0.1). Metadata services (169.254.169.254 …) and the unspecified address never.
 */
export function addressAllowed(address: string, allowedRanges: readonly string[]): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (metadataAddresses.has(parsed.toNormalizedString()) || metadataAddresses.has(parsed.toString()))
    return false;
  const range = parsed.range();
  if (range === 'unspecified') return false;
  if (range === 'unicast') return true;
  return allowedRanges.some((text) => {
    const cidr = parseRange(text);
    return cidr !== null && cidr[0].kind() === parsed.kind() && parsed.match(cidr);
  });
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
export function guardedLookup(allowedRanges: readonly string[]) {
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
      const refused = addresses.find((entry) => !addressAllowed(entry.address, allowedRanges));
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
  allowedRanges: readonly string[],
): Promise<'scheme' | 'private_address' | 'unresolvable' | 'credentials' | null> {
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  if (url.username || url.password) return 'credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return addressAllowed(host, allowedRanges) ? null : 'private_address';
  const addresses = await new Promise<LookupAddress[] | null>((resolve) =>
    dnsLookup(host, { all: true }, (error, found) => resolve(error ? null : found)),
  );
  if (!addresses?.length) return 'unresolvable';
  return addresses.every((entry) => addressAllowed(entry.address, allowedRanges)) ? null : 'private_address';
}
