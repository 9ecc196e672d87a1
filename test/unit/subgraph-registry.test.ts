/** The one declaration of the subgraphs (common/subgraph-registry.ts), and the rules derived from it. */
import {
  ACCOUNT_DATA_HOLDERS, ACCOUNT_OWNER, DEFAULT_SUBGRAPH_PORTS, RESERVED_PORT_OFFSETS, SUBGRAPH_NAMES, declarationOf, subgraphUrl,
} from '../../common/subgraph-registry';
import { REMOTE_STEPS } from '../../subgraphs/identity/deletion';
import { accountDataHooksProblem } from '../../subgraphs/kit/account-data-declaration';
import { isAccountIdColumn, reviewAccountColumns } from '../support/account-columns';

describe('the subgraph registry', () => {
  it('gives each subgraph its own port offset from PORT (not the gateway\'s 0 or its ops listener\'s 10) and its own database', () => {
    const offsets = SUBGRAPH_NAMES.map((n) => declarationOf(n).portOffset);
    expect(new Set(offsets).size).toBe(offsets.length);
    expect(offsets.filter((o) => RESERVED_PORT_OFFSETS.includes(o) || o < 0)).toEqual([]);
    const databases = SUBGRAPH_NAMES.map((n) => declarationOf(n).database);
    expect(new Set(databases).size).toBe(databases.length);
    expect(DEFAULT_SUBGRAPH_PORTS).toMatchObject({ identity: 4001, agreements: 4002, experiments: 4003, feedback: 4004 });
    for (const name of SUBGRAPH_NAMES) expect(DEFAULT_SUBGRAPH_PORTS[name]).toBe(4000 + declarationOf(name).portOffset);
    expect(subgraphUrl('experiments', {})).toBe('http://127.0.0.1:4003/graphql');
    expect(subgraphUrl('experiments', { EXPERIMENTS_PORT: '5003' })).toBe('http://127.0.0.1:5003/graphql');
  });

  it('makes every other subgraph that holds account data a step of identity\'s deletion saga and export, in declaration order', () => {
    expect(ACCOUNT_OWNER).toBe('identity');
    expect(REMOTE_STEPS.slice(0, 3)).toEqual(['agreements', 'experiments', 'feedback']);
    expect(REMOTE_STEPS).toEqual(ACCOUNT_DATA_HOLDERS);
    expect(ACCOUNT_DATA_HOLDERS).toEqual(SUBGRAPH_NAMES.filter((n) => n !== ACCOUNT_OWNER && declarationOf(n).holdsAccountData));
  });

  it('gives a reason for every account id a subgraph keeps after erase, and keeps them only where account data is held', () => {
    for (const name of SUBGRAPH_NAMES) {
      const { holdsAccountData, keepsAccountIds = {} } = declarationOf(name);
      for (const [column, reason] of Object.entries(keepsAccountIds)) {
        expect({ name, column, holdsAccountData, reason: reason.length > 20 }).toEqual({ name, column, holdsAccountData: true, reason: true });
      }
    }
    // The staff trail of the beta process, documented in docs/ARCHITECTURE.md ("Account deletion and export").
    expect(Object.keys(declarationOf('experiments').keepsAccountIds ?? {}).sort()).toEqual([
      'audit_log.actor_id', 'entry_criteria.checked_by', 'experiments.owner_id', 'reviews.reviewer_id', 'revisions.released_by', 'sign_offs.signer_id',
    ]);
  });
});

describe('a subgraph\'s erase/export hooks against its declaration (checked when it starts)', () => {
  it('refuses hooks missing where account data is declared, and hooks where none is', () => {
    expect(accountDataHooksProblem('feedback', { holdsAccountData: true }, true)).toBeNull();
    expect(accountDataHooksProblem('surveys', { holdsAccountData: false }, false)).toBeNull();
    expect(accountDataHooksProblem('surveys', { holdsAccountData: true }, false)).toMatch(/declared with holdsAccountData: true .* defines no accountData/);
    expect(accountDataHooksProblem('surveys', { holdsAccountData: false }, true)).toMatch(/deletion and export would skip it/);
  });

  it('lets identity, which owns the accounts and erases them itself, go without hooks', () => {
    expect(accountDataHooksProblem('identity', { holdsAccountData: true }, false)).toBeNull();
  });
});

describe('account-id columns', () => {
  const col = (column: string, type = 'uuid', foreignKey = false) => ({ table: 't', column, type, foreignKey });

  it('are uuid columns that are neither the row\'s own id nor a foreign key here, or any column named *account_id', () => {
    expect(isAccountIdColumn(col('account_id'))).toBe(true);
    expect(isAccountIdColumn(col('signer_id'))).toBe(true);
    expect(isAccountIdColumn(col('account_id', 'text'))).toBe(true);
    expect(isAccountIdColumn(col('owner_account_id', 'text'))).toBe(true);
    expect(isAccountIdColumn(col('id'))).toBe(false);
    expect(isAccountIdColumn(col('experiment_id', 'uuid', true))).toBe(false);
    expect(isAccountIdColumn(col('slug', 'text'))).toBe(false);
  });

  it('must all be erased, but for the declared ones; a subgraph holding no account data may have none', () => {
    const holder = { portOffset: 9, critical: false, tier: 'BETA' as const, database: 'beta_x', holdsAccountData: true, keepsAccountIds: { 'audit.actor_id': 'staff accountability trail' } };
    expect(reviewAccountColumns('x', holder, ['notes.account_id', 'audit.actor_id'])).toEqual({ mustErase: ['notes.account_id'], problems: [] });
    expect(reviewAccountColumns('x', holder, ['notes.account_id']).problems).toEqual([
      'x: keepsAccountIds names audit.actor_id, which is not an account-id column of beta_x; remove it from common/subgraph-registry.ts',
    ]);
    const none = { ...holder, holdsAccountData: false, keepsAccountIds: undefined };
    expect(reviewAccountColumns('x', none, [])).toEqual({ mustErase: [], problems: [] });
    expect(reviewAccountColumns('x', none, ['notes.account_id']).problems).toEqual([
      'x: notes.account_id holds account ids, but x is declared with holdsAccountData: false in common/subgraph-registry.ts; declare it (and implement kit\'s erase/export hooks) or drop the column',
    ]);
  });
});
