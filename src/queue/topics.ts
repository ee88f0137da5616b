import type { BackoffPolicy } from '../domain/backoff.js';

/** How the queue treats one kind of work: when it tries again, and how long a claim on it lasts. */
export interface TopicSettings {
  backoff: BackoffPolicy;
  /** Longer than the work's slowest honest run: a process that dies mid-task frees it after this. */
  leaseMs: number;
}

/** Mail: 1, 2, 4 … 60 minutes apart, given up after the tenth refusal (the notice stays in the app). */
const mail: TopicSettings = {
  backoff: { firstDelayMs: 60_000, factor: 2, maxDelayMs: 3_600_000, jitter: 0, maxAttempts: 10 },
  leaseMs: 120_000,
};

/** Every kind of work the queue knows. A topic's handler lives with its feature (src/jobs/settle-jobs.ts wires them). */
export const queueTopics = {
  /** A billing admin's notice (notifications.id), emailed in their language. */
  'email.notification': mail,
  /** An alert to the provider (provider_emails.id). */
  'email.provider': mail,
} as const satisfies Record<string, TopicSettings>;

export type QueueTopic = keyof typeof queueTopics;

export const queueTopicNames = Object.keys(queueTopics) as QueueTopic[];
