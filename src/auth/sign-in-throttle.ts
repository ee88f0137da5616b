import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { lockAfterFailureMs, signInThrottle, type ThrottleKind } from '../domain/sign-in-throttle.js';
import { renderAccountLocked } from '../i18n/account-messages.js';
import { enqueueTasks } from '../queue/enqueue-tasks.js';

export interface ThrottleKeys {
  account: string;
  address: string;
}

function keysOf(keys: ThrottleKeys): [ThrottleKind, string][] {
  return [
    ['account', `account:${keys.account}`],
    ['address', `address:${keys.address}`],
  ];
}

/** Refuses a sign-in while its account or its client address is locked: before any password is hashed. */
export async function assertNotThrottled(options: { db: Db; keys: ThrottleKeys; now: Date }): Promise<void> {
  const locked = await options.db
    .selectFrom('sign_in_throttle')
    .select(sql<Date>`max(locked_until)`.as('until'))
    .where(
      'key',
      'in',
      keysOf(options.keys).map(([, key]) => key),
    )
    .where('locked_until', '>', options.now)
    .executeTakeFirst();
  if (locked?.until) {
    const retryAfterSeconds = Math.ceil((new Date(locked.until).getTime() - options.now.getTime()) / 1000);
    throw new AppError('rate_limited', { retryAfterSeconds });
  }
}

/**
 * Counts a failed sign-in against the account and the address, in one statement per key so that any
 * number of processes count together, and locks each key as its count says. The account's owner is
 * told by email the first time it is locked.
 */
export async function recordFailedSignIn(options: {
  db: Db;
  keys: ThrottleKeys;
  userId: string | null;
  now: Date;
}): Promise<void> {
  const { db, now } = options;
  const forgetBefore = new Date(now.getTime() - signInThrottle.windowMs);
  for (const [kind, key] of keysOf(options.keys)) {
    const row = await db
      .insertInto('sign_in_throttle')
      .values({ key, failures: 1, locked_until: null, updated_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when sign_in_throttle.updated_at < ${forgetBefore} then 1 else sign_in_throttle.failures + 1 end`,
          updated_at: now,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const lockMs = lockAfterFailureMs(kind, row.failures);
    if (lockMs === 0) continue;
    await db
      .updateTable('sign_in_throttle')
      .set({ locked_until: sql<Date>`greatest(locked_until, ${new Date(now.getTime() + lockMs)})` })
      .where('key', '=', key)
      .execute();
    if (kind === 'account' && row.failures === signInThrottle.freeFailures.account && options.userId)
      await noticeAccountLocked(db, options.userId, now);
  }
}

/** A successful sign-in clears its account's failures (not its address's: one good password does not vouch for the rest). */
export async function clearAccountFailures(options: { db: Db; keys: ThrottleKeys }): Promise<void> {
  await options.db
    .deleteFrom('sign_in_throttle')
    .where('key', '=', `account:${options.keys.account}`)
    .execute();
}

async function noticeAccountLocked(db: Db, userId: string, now: Date): Promise<void> {
  const user = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.id',
      'users.organization_id',
      'users.locale',
      'organizations.locale as organizationLocale',
      'organizations.name',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  const locale = user.locale ?? user.organizationLocale;
  // The text in today's language, and the facts to write it in the reader's language when read.
  const facts = { organizationName: user.name };
  const message = renderAccountLocked(locale, facts);
  const id = randomUUID();
  // The notice and its email's task together: neither without the other.
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('notifications')
      .values({
        id,
        organization_id: user.organization_id,
        recipient_user_id: user.id,
        kind: 'account_locked',
        locale,
        subject: message.subject,
        body: message.body,
        subscription_id: null,
        invoice_id: null,
        sent_at: null,
        created_at: now,
        facts: JSON.stringify(facts),
      })
      .execute();
    await enqueueTasks({ tx, topic: 'email.notification', subjectIds: [id] });
  });
}
