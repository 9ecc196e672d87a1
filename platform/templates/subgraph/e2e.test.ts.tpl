/**
 * The {{name}} subgraph through the gateway (written by `npm run new-subgraph`; grow it with the
 * experiment): the account's note is set and read on `me`, refused when empty or anonymous,
 * exported with the account's data and erased when the account is deleted.
 */
import { gql, errorCodes, signUpUser } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { ok } from '../support/experiments';
import { SUBGRAPHS } from '../../common/subgraph-registry';

interface State {
  note: string | null;
  updatedAt: string | null;
}

const SET = `mutation ($text: String!) { set{{Name}}Note(text: $text) { note updatedAt } }`;
const READ = `{ me { id {{name}} { note updatedAt } } }`;

const notesLeft = (accountId: string) =>
  withDatabase(SUBGRAPHS.{{name}}.database, async (db) => Number((await db.query(`SELECT count(*) FROM notes WHERE account_id = $1`, [accountId])).rows[0].count));

describe('the {{name}} subgraph', () => {
  it('keeps the signed-in account\'s note and serves it on me, joined by the gateway', async () => {
    const user = await signUpUser('{{name}}');
    const as = { token: user.accessToken };
    expect(ok(await gql<{ me: { {{name}}: State } }>(READ, {}, as)).me.{{name}}).toEqual({ note: null, updatedAt: null });

    const set = ok(await gql<{ set{{Name}}Note: State }>(SET, { text: '  Remember the milk  ' }, as)).set{{Name}}Note;
    expect(set.note).toBe('Remember the milk');
    expect(ok(await gql<{ me: { id: string; {{name}}: State } }>(READ, {}, as)).me).toEqual({ id: user.accountId, {{name}}: set });
  });

  it('refuses an empty note (BAD_USER_INPUT naming the field) and a caller without a sign-in (UNAUTHENTICATED)', async () => {
    const user = await signUpUser('{{name}}-empty');
    const empty = await gql(SET, { text: '   ' }, { token: user.accessToken });
    expect(errorCodes(empty)).toEqual(['BAD_USER_INPUT']);
    expect(empty.errors?.[0].extensions?.field).toBe('text');
    expect(errorCodes(await gql(SET, { text: 'Hello' }))).toEqual(['UNAUTHENTICATED']);
    expect(await notesLeft(user.accountId)).toBe(0);
  });

  it('exports the note with the account\'s data, and account deletion erases it', async () => {
    const user = await signUpUser('{{name}}-leaver');
    const as = { token: user.accessToken };
    ok(await gql(SET, { text: 'Mine' }, as));
    const exported = ok(await gql<{ exportMyData: { {{name}}: State } }>(`{ exportMyData }`, {}, as)).exportMyData;
    expect(exported.{{name}}.note).toBe('Mine');

    expect(await notesLeft(user.accountId)).toBe(1);
    expect(ok(await gql<{ deleteAccount: boolean }>(`mutation ($p: String!) { deleteAccount(password: $p) }`, { p: user.password }, as)).deleteAccount).toBe(true);
    // deleteAccount runs every step of the saga before it answers, this subgraph's erase included;
    // a step that failed is retried by identity's sweep (every 2 s on the test platform).
    let left = await notesLeft(user.accountId);
    for (let tries = 0; left > 0 && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 200));
      left = await notesLeft(user.accountId);
    }
    expect(left).toBe(0);
  });
});
