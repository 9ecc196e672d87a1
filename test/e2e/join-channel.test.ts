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

  it('needs a sign-in', async () => {
    expect(errorCodes(await gql(JOIN, { channel: 'BETA' }))).toEqual(['UNAUTHENTICATED']);
  });
});
