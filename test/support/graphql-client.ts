/** A tiny GraphQL-over-HTTP client for tests, talking to the real gateway. */
import { randomInt, randomUUID } from 'node:crypto';
import { testPlatform } from './platform';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GqlResponse<T> {
  status: number;
  data?: T | null;
  errors?: GqlError[];
  headers: Headers;
}

export interface GqlOptions {
  token?: string;
  headers?: Record<string, string>;
  url?: string;
}

/** Each call comes from its own random client address unless the test fixes one (sign-in throttling counts per address). */
const randomAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

export async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, options: GqlOptions = {}): Promise<GqlResponse<T>> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-forwarded-for': randomAddress(),
    ...options.headers,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(options.url ?? testPlatform().gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T | null; errors?: GqlError[] };
  return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
}

export const errorCodes = (res: GqlResponse<unknown>) => (res.errors ?? []).map((e) => e.extensions?.code);

export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomUUID().slice(0, 12)}@beta.example.org`;

export const DEFAULT_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  email: string;
  password: string;
  accountId: string;
  accessToken: string;
  refreshToken: string;
}

const SIGN_UP = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { accessToken refreshToken account { id } }
}`;

export async function signUpUser(prefix = 'user', password = DEFAULT_PASSWORD, options: GqlOptions = {}): Promise<TestUser> {
  const email = uniqueEmail(prefix);
  const res = await gql<{ signUp: { accessToken: string; refreshToken: string; account: { id: string } } }>(SIGN_UP, {
    input: { email, password, displayName: prefix },
  }, options);
  if (!res.data?.signUp) throw new Error(`signUp failed: ${JSON.stringify(res.errors)}`);
  const { accessToken, refreshToken, account } = res.data.signUp;
  return { email, password, accountId: account.id, accessToken, refreshToken };
}
