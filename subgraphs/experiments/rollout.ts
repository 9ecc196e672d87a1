/**
 * Sticky rollout, reproducible by any client SDK (test vectors: docs/rollout-vectors.json):
 *
 *   bucket = (first 48 bits of SHA-256(UTF-8 of JSON.stringify([accountId, slug])), big-endian) mod 10000
 *   in rollout  <=>  bucket < percent × 100
 *
 * accountId is the canonical lower-case UUID string, slug the experiment slug. The bucket never
 * changes for an (account, experiment) pair, so raising the percent keeps everyone already in,
 * and lowering it removes the highest buckets first. 10000 buckets give 0.01% resolution.
 */
import { createHash } from 'node:crypto';

export const BUCKETS = 10_000;

export function rolloutBucket(accountId: string, slug: string): number {
  const digest = createHash('sha256').update(JSON.stringify([accountId, slug]), 'utf8').digest();
  return digest.readUIntBE(0, 6) % BUCKETS;
}

export function inRollout(bucket: number, percent: number): boolean {
  return bucket < percent * 100;
}

export function isInRollout(accountId: string, slug: string, percent: number): boolean {
  return inRollout(rolloutBucket(accountId, slug), percent);
}
