import { describe, expect, it } from 'vitest';
import { addressAllowed, sameHost } from './webhook-address.js';

describe('where a webhook may go', () => {
  it('public addresses always; private ones only inside the ranges the operator listed', () => {
    expect(addressAllowed('93.184.216.34', [])).toBe(true);
    expect(addressAllowed('127.0.0.1', [])).toBe(false);
    expect(addressAllowed('127.0.0.1', sameHost)).toBe(true);
    expect(addressAllowed('::1', sameHost)).toBe(true);
    // Listing the same host opens nothing else of the private network.
    expect(addressAllowed('10.0.0.5', sameHost)).toBe(false);
    expect(addressAllowed('192.168.1.10', sameHost)).toBe(false);
    expect(addressAllowed('10.0.0.5', ['10.0.0.0/24'])).toBe(true);
    expect(addressAllowed('::ffff:127.0.0.1', sameHost)).toBe(true);
  });

  it('never a metadata service or the unspecified address, whatever the list says', () => {
    const everything = ['0.0.0.0/0', '::/0'];
    for (const address of [
      '169.254.169.254',
      '169.254.170.2',
      '100.100.100.200',
      'fd00:ec2::254',
      '0.0.0.0',
      '::',
    ])
      expect(addressAllowed(address, everything), address).toBe(false);
    expect(addressAllowed('::ffff:169.254.169.254', everything)).toBe(false);
  });
});
