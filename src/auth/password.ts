import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: object,
) => Promise<Buffer>;

const blockSize = 8;
const parallelism = 1;
/** N = 2^17 with r = 8, p = 1: OWASP's recommendation for scrypt (128 MiB and ~0.4 s a hash here). */
let costLog2N = 17;

/**
 * The cost new hashes get; the server sets it from SETTLE_SCRYPT_LOG2N at start. Libuv runs at most
 * four hashes at once, so memory stays bounded however many sign-ins arrive.
 */
export function setPasswordCost(log2N: number): void {
  costLog2N = log2N;
}

function maxmemFor(n: number, r: number): number {
  return 128 * n * r + 16 * 1024 * 1024;
}

/** Stored as scrypt$N$r$p$salt$hash, each with its own random salt, so the cost can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const n = 2 ** costLog2N;
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, {
    N: n,
    r: blockSize,
    p: parallelism,
    maxmem: maxmemFor(n, blockSize),
  });
  return ['scrypt', n, blockSize, parallelism, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: maxmemFor(Number(n), Number(r)),
  });
  return timingSafeEqual(actual, expected);
}

/** True when a stored hash is cheaper than what new hashes get: re-hash it while the password is known. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return (
    scheme !== 'scrypt' || Number(n) < 2 ** costLog2N || Number(r) < blockSize || Number(p) < parallelism
  );
}
