/**
 * Password rules and hashing with scrypt (memory-hard, in Node's crypto, no native addon).
 * The cost parameters are stored with each hash, so raising them later keeps old hashes valid.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { badInput } from '../kit/errors';

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 1024;
const KEY_LENGTH = 32;

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
/** 2^15 × 8 × 128 bytes = 32 MiB per hash (OWASP's scrypt minimum is N=2^17 with r=8 and p=1 for 128 MiB; we trade some of it for sign-up throughput on 2 cores, and store the cost with the hash so it can rise). */
export const DEFAULT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

export function validatePassword(password: string, email: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw badInput(`The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`, 'password');
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw badInput(`The password is too long: use at most ${MAX_PASSWORD_LENGTH} characters.`, 'password');
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    throw badInput('The password must not be your email address.', 'password');
  }
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to verify against when the account does not exist, so timing does not reveal which emails have accounts. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
}
