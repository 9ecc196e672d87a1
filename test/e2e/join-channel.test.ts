import { decodeJwt } from 'jose';
import { gql, errorCodes, signUpUser } from '../support/graphql-client';
import { acceptCurrent } from '../support/agreements';

const JOIN = `mutation($channel: Channel!) { joinChannel(channel: $channel) { id channel } }`;
const channelOf = async (token: string) => (await gql<{ me: { channel: string } }>(`{ me { channel } }`, {}, { token })).data!.me.channel;

describe('joinChannel', () => {
  it('refuses EXPERIMENTAL without the experimental opt-in, naming what is missing, and keeps BETA', async () => {
    const user = await signUpUser('nooptin');
    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY']);
    const res = await gql(JOIN, { channel: 'EXPERIMENTAL' }, { token: user.accessToken });
    expect(errorCodes(res)).toEqual(['FAILED_PRECONDITION']);
    expect(res.errors![0].extensions!.missing).toEqual(['EXPERIMENTAL_OPT_IN']);
    expect(await channelOf(user.accessToken)).toBe('BETA');
  });

  it('joins EXPERIMENTAL after the opt-in, idempotently, and can go back to BETA', async () => {
    const user = await signUpUser('optedin');
    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY', 'EXPERIMENTAL_OPT_IN']);
    for (let i = 0; i < 2; i++) {
      const res = await gql<{ joinChannel: { id: string; channel: string } }>(JOIN, { channel: 'EXPERIMENTAL' }, { token: user.accessToken });
      expect(res.data!.joinChannel).toEqual({ id: user.accountId, channel: 'EXPERIMENTAL' });
    }
    expect(await channelOf(user.accessToken)).toBe('EXPERIMENTAL');
    const back = await gql<{ joinChannel: { channel: string } }>(JOIN, { channel: 'BETA' }, { token: user.accessToken });
    expect(back.data!.joinChannel.channel).toBe('BETA');
  });

  it('puts the channel in the access tokens of the next sign-in and refresh (the gateway sizes quotas by it), not in the current one', async () => {
    const user = await signUpUser('channelclaim');
    expect(decodeJwt(user.accessToken).channel).toBe('BETA');
    await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY', 'EXPERIMENTAL_OPT_IN']);
    expect(errorCodes(await gql(JOIN, { channel: 'EXPERIMENTAL' }, { token: user.accessToken }))).toEqual([]);
    const signedIn = await gql<{ signIn: { accessToken: string } }>(
      `mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }`, { input: { email: user.email, password: user.password } },
    );
    expect(decodeJwt(signedIn.data!.signIn.accessToken).channel).toBe('EXPERIMENTAL');
    expect(errorCodes(await gql(JOIN, { channel: 'BETA' }, { token: user.accessToken }))).toEqual([]);
    const refreshed = await gql<{ refreshSession: { accessToken: string } }>(
      `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`, { token: user.refreshToken },
    );
    expect(decodeJwt(refreshed.data!.refreshSession.accessToken).channel).toBe('BETA');
  });

  it('needs a sign-in', async () => {
    expect(errorCodes(await gql(JOIN, { channel: 'BETA' }))).toEqual(['UNAUTHENTICATED']);
  });
});
