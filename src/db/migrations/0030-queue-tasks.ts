import { type Kysely, sql } from 'kysely';

// One queue for background work that is done item by item (src/queue): emails now, e-invoices next.
// Each task names its topic and the row it works on; the row keeps what the work is about (a
// notification's text), the task keeps how the work is going (attempts, lease, last error, given up).
// The two mail outboxes' own queue columns move here: a message is sent or not (sent_at), the rest is
// the queue's.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table queue_tasks (
    id bigint generated always as identity primary key,
    topic text not null,
    subject_id text not null,
    run_at timestamptz not null default now(),
    attempts integer not null default 0,
    claimed_until timestamptz,
    claim_token text,
    last_error text,
    -- Given up after the topic's last attempt: a dead letter, listed for operators, who may retry it.
    dead_at timestamptz,
    done_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index queue_tasks_due on queue_tasks (topic, run_at) where done_at is null and dead_at is null`.execute(
    db,
  );
  await sql`create index queue_tasks_dead on queue_tasks (dead_at desc, id desc) where dead_at is not null`.execute(
    db,
  );
  // One open task per piece of work: enqueuing it twice (a retried request, a replayed step) is a no-op.
  await sql`create unique index queue_tasks_open on queue_tasks (topic, subject_id)
    where done_at is null and dead_at is null`.execute(db);
  for (const [table, topic] of [
    ['notifications', 'email.notification'],
    ['provider_emails', 'email.provider'],
  ] as const) {
    await sql`insert into queue_tasks (topic, subject_id, run_at, attempts, last_error, dead_at, created_at)
      select ${topic}, id::text, next_attempt_at, attempts, last_error, failed_at, created_at
      from ${sql.table(table)} where sent_at is null`.execute(db);
    await sql`alter table ${sql.table(table)} drop column attempts, drop column next_attempt_at,
      drop column claimed_until, drop column last_error, drop column failed_at`.execute(db);
  }
}
