import { randomInt } from 'node:crypto';
import { gql, errorCodes, signUpUser, uniqueEmail, type GqlResponse } from '../support/graphql-client';
import { testPlatform } from '../support/platform';

const SIGN_IN = `mutation SignIn($input: SignInInput!) {
  signIn(input: $input) { accessToken account { id } }
}`;

type SignInResult = { signIn: { accessToken: string; account: { id: string } } };

/** An address no other test uses (other tests draw theirs from 10.0.0.0/8). */
const uniqueAddress = () => `198.18.${randomInt(256)}.${randomInt(1, 255)}`;

const signIn = (email: string, password: string, address = uniqueAddress()) =>
  gql<SignInResult>(SIGN_IN, { input: { email, password } }, { headers: { 'x-forwarded-for': address } });

function expectRateLimited(res: GqlResponse<SignInResult>, what: RegExp) {
  expect(errorCodes(res)).toEqual(['RATE_LIMITED']);
  const error = res.errors![0];
  expect(error.extensions!.retryAfterSeconds).toEqual(expect.any(Number));
  expect(error.extensions!.retryAfterSeconds as number).toBeGreaterThan(0);
  expect(error.message).toMatch(/wait \d+ minute/i);
  expect(error.message).toMatch(what);
  expect(res.data ?? null).toBeNull();
}

describe('sign-in throttling', () => {
  const { env } = testPlatform();
  const perEmail = Number(env.SIGNIN_MAX_FAILURES_PER_EMAIL);
  const perAddress = Number(env.SIGNIN_MAX_FAILURES_PER_ADDRESS);

  it(`per email: after ${perEmail} wrong passwords from different addresses, even the right password is RATE_LIMITED; another email is not`, async () => {
    const victim = await signUpUser('throttled');
    const bystander = await signUpUser('bystander');
    for (let i = 0; i < perEmail; i++) {
      const wrong = await signIn(victim.email, `wrong password number ${i}`);
      expect(errorCodes(wrong)).toEqual(['UNAUTHENTICATED']);
    }

    expectRateLimited(await signIn(victim.email, victim.password), /this email/);
    // The email's spelling does not matter: the count is per normalised email.
    expectRateLimited(await signIn(`  ${victim.email.toUpperCase()} `, victim.password), /this email/);

    const other = await signIn(bystander.email, bystander.password);
    expect(other.errors).toBeUndefined();
    expect(other.data!.signIn.account.id).toBe(bystander.accountId);
  });

  it('per email: a burst of parallel guesses gets no more than the limit evaluated', async () => {
    const user = await signUpUser('burst');
    const burst = await Promise.all(Array.from({ length: 4 * perEmail }, (_, i) => signIn(user.email, `parallel guess ${i}`)));
    const codes = burst.map((res) => errorCodes(res)[0]);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(perEmail);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(3 * perEmail);
    expectRateLimited(await signIn(user.email, user.password), /this email/);
  });

  it('per email: a successful sign-in before the limit resets the count', async () => {
    const user = await signUpUser('reset');
    for (let i = 0; i < perEmail - 1; i++) await signIn(user.email, 'not the right password');
    expect((await signIn(user.email, user.password)).errors).toBeUndefined();
    for (let i = 0; i < perEmail - 1; i++) await signIn(user.email, 'not the right password');
    expect((await signIn(user.email, user.password)).errors).toBeUndefined();
  });

  it(`per address: after ${perAddress} failures for different emails from one address, a right password from it is RATE_LIMITED; from another address it works`, async () => {
    const user = await signUpUser('sharedaddress');
    const address = uniqueAddress();
    for (let i = 0; i < perAddress; i++) {
      const res = await signIn(uniqueEmail('guess'), 'some guessed password', address);
      expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    }

    expectRateLimited(await signIn(user.email, user.password, address), /network address/);

    const elsewhere = await signIn(user.email, user.password);
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data!.signIn.account.id).toBe(user.accountId);
  });
});
