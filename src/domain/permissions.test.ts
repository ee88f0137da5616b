import { describe, expect, it } from 'vitest';
import { type BillingAction, can, decideCardEdit, type Role } from './permissions.js';

describe('can', () => {
  const table: [Role, BillingAction, boolean][] = [
    ['global_admin', 'billing.read', true],
    ['global_admin', 'billing.manage', true],
    ['global_admin', 'audit.read', true],
    ['billing_admin', 'billing.read', true],
    ['billing_admin', 'billing.manage', true],
    ['billing_admin', 'audit.read', false],
    ['global_reader', 'billing.read', true],
    ['global_reader', 'billing.manage', false],
    ['global_reader', 'audit.read', true],
    ['user', 'billing.read', false],
    ['user', 'billing.manage', false],
  ];
  it.each(table)('%s may %s: %s', (role, action, expected) => {
    expect(can(role, action)).toBe(expected);
  });
});

describe('decideCardEdit', () => {
  const card = { ownerUserId: 'u-owner' };
  it.each([
    [{ userId: 'u-owner', role: 'billing_admin' as Role }, 'allowed'],
    [{ userId: 'u-owner', role: 'global_admin' as Role }, 'allowed'],
    [{ userId: 'u-other', role: 'global_admin' as Role }, 'not_card_owner'],
    [{ userId: 'u-other', role: 'billing_admin' as Role }, 'not_card_owner'],
    [{ userId: 'u-owner', role: 'global_reader' as Role }, 'not_permitted'],
    [{ userId: 'u-other', role: 'user' as Role }, 'not_permitted'],
  ])('%o → %s', (actor, expected) => {
    expect(decideCardEdit(actor, card)).toBe(expected);
  });
});
