/** Staff accounts for tests: roles are granted in identity's database (as `npm run admin` does), then the user signs in again. */
import { withDatabase } from './database';
import { gql, signUpUser, type GqlOptions, type TestUser } from './graphql-client';
import type { TestPlatform } from './platform';

export async function signUpStaff(roles: string[], prefix = 'staff', options: GqlOptions = {}, platform?: TestPlatform): Promise<TestUser> {
  const user = await signUpUser(prefix, undefined, options);
  await withDatabase(
    'beta_identity',
    (db) => db.query(`UPDATE accounts SET roles = $2 WHERE id = $1`, [user.accountId, ['USER', ...roles]]),
    platform,
  );
  const res = await gql<{ signIn: { accessToken: string; refreshToken: string } }>(
    `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken } }`,
    { input: { email: user.email, password: user.password } },
    options,
  );
  if (!res.data?.signIn) throw new Error(`staff sign-in failed: ${JSON.stringify(res.errors)}`);
  return { ...user, ...res.data.signIn };
}
