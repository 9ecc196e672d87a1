/**
 * The experiments catalog kept in memory by each replica stays correct across replicas: this file
 * runs a second experiments process of its own on the shared database (next to the platform's),
 * with the periodic re-check set to an hour, so only a NOTIFY can explain a change reaching it.
 * A kill made through one replica is served by the writing replica on the very next query, and by
 * the other as soon as it has heard of it (we poll its answer; the time it took is measured, not
 * asserted: REPORT_CATALOG_LATENCY=1 prints it). Then its listener connection is killed with
 * pg_terminate_backend: it reconnects, catches up with what changed meanwhile, and keeps hearing of
 * changes.
 */
import type { CallerContext } from '../../common/caller-context';
import { superuserUrl, withDatabase } from '../support/database';
import { freePorts } from '../support/free-port';
import type { TestUser } from '../support/graphql-client';
import { launchExperiment, makeCompliantUser, makeCrew, type Crew } from '../support/experiments';
import { testPlatform, type TestPlatform } from '../support/platform';
import { spawnNode, stopNode, waitForHttpOk, type NodeProcess } from '../support/processes';
import { callSubgraph, signedCaller } from '../support/subgraph-client';

const FEATURES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Account { enabledFeatures { slug } suspendedFeatures { slug reason } } }
}`;
const MOVE = `mutation($slug: String!, $to: ExperimentStatus!, $reason: String) { transitionExperiment(slug: $slug, to: $to, reason: $reason) { status } }`;
const ROLLOUT = `mutation($slug: String!, $percent: Int!) { setRollout(slug: $slug, percent: $percent) { rolloutPercent } }`;
const APPROVER_ROLES = ['USER', 'PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY', 'PRIVACY', 'OPS'];

let own: NodeProcess | undefined;
let shared: TestPlatform;
let replica: TestPlatform;
let crew: Crew;
let member: TestUser;

/** The account's features as a replica answers the gateway's `_entities` call for Bootstrap. */
async function featuresOn(target: TestPlatform): Promise<{ enabled: string[]; suspended: Record<string, string> }> {
  const representation = {
    __typename: 'Account', id: member.accountId, channel: 'BETA',
    consent: { compliant: true, experimentalOptIn: true, accepted: ['TERMS_OF_SERVICE', 'PRIVACY_POLICY', 'EXPERIMENTAL_OPT_IN'].map((kind) => ({ kind })) },
  };
  const res = await callSubgraph<{ _entities: { enabledFeatures: { slug: string }[]; suspendedFeatures: { slug: string; reason: string }[] }[] }>(
    'experiments', FEATURES, { representations: [representation] }, signedCaller({ accountId: member.accountId, roles: ['USER'] }), target,
  );
  if (res.errors?.length) throw new Error(`experiments answered errors: ${JSON.stringify(res.errors)}`);
  const [account] = res.data!._entities;
  return { enabled: account.enabledFeatures.map((f) => f.slug), suspended: Object.fromEntries(account.suspendedFeatures.map((f) => [f.slug, f.reason])) };
}

const staff = (): CallerContext => signedCaller({ accountId: crew.approver.accountId, roles: APPROVER_ROLES });

async function staffCall(target: TestPlatform, query: string, variables: Record<string, unknown>): Promise<void> {
  const res = await callSubgraph('experiments', query, variables, staff(), target);
  if (res.errors?.length) throw new Error(`experiments answered errors: ${JSON.stringify(res.errors)}`);
}

/** Polls `read` until `until` holds; returns how long it took (reported, never asserted). */
async function until<T>(read: () => Promise<T>, holds: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (holds(value)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const listenerPids = () =>
  withDatabase('beta_experiments', async (db) =>
    (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [`experiments_catalog listener ${own!.child.pid}`])).rows.map((r) => r.pid));

beforeAll(async () => {
  shared = testPlatform();
  const [port] = await freePorts(1);
  own = spawnNode('subgraphs/experiments/main.ts', [], {
    EXPERIMENTS_PORT: String(port),
    EXPERIMENTS_DATABASE_URL: superuserUrl('beta_experiments'),
    GATEWAY_SECRET: shared.gatewaySecret,
    CATALOG_RECHECK_SECONDS: '3600',
    LOG_LEVEL: 'warn',
  });
  replica = { ...shared, subgraphPorts: { ...shared.subgraphPorts, experiments: port } };
  [crew, member] = await Promise.all([makeCrew(), makeCompliantUser('replicas')]);
  await waitForHttpOk(`http://127.0.0.1:${port}/healthz`, own);
});

afterAll(async () => {
  await stopNode(own);
});

describe('the experiments catalog across two replicas', () => {
  it('a kill through one replica: gone from its next answer, and from the other replica once its NOTIFY arrives', async () => {
    const slug = await launchExperiment(crew);
    await until(() => featuresOn(replica), (f) => f.enabled.includes(slug), 'the launch on the second replica');

    await staffCall(shared, MOVE, { slug, to: 'KILLED', reason: 'Kill switch test.' });
    // The writing replica: the very next query, no waiting.
    expect((await featuresOn(shared)).enabled).not.toContain(slug);
    // The other one: as soon as the notification arrives (the re-check is an hour away).
    const tookMs = await until(() => featuresOn(replica), (f) => !f.enabled.includes(slug) && !(slug in f.suspended), 'the kill on the second replica');
    if (process.env.REPORT_CATALOG_LATENCY) process.stdout.write(`kill seen by the second replica after ${tookMs} ms\n`);
  });

  it('a rollout change through the second replica reaches the platform\'s', async () => {
    const slug = await launchExperiment(crew);
    await until(() => featuresOn(replica), (f) => f.enabled.includes(slug), 'the launch on the second replica');
    await staffCall(replica, ROLLOUT, { slug, percent: 0 });
    expect((await featuresOn(replica)).suspended[slug]).toBe('OUTSIDE_ROLLOUT');
    await until(() => featuresOn(shared), (f) => f.suspended[slug] === 'OUTSIDE_ROLLOUT', 'the rollout on the platform\'s replica');
  });

  it('its listener connection killed: it reconnects, serves what changed meanwhile, and hears later changes', async () => {
    const [missed, later] = await Promise.all([launchExperiment(crew), launchExperiment(crew)]);
    await until(() => featuresOn(replica), (f) => f.enabled.includes(missed) && f.enabled.includes(later), 'both launches on the second replica');
    const [listener] = await listenerPids();
    expect(listener).toEqual(expect.any(Number));

    // Kill the listener and, at once, pause an experiment: its NOTIFY goes out while nobody listens.
    await withDatabase('beta_experiments', async (db) => {
      expect((await db.query(`SELECT pg_terminate_backend($1) AS ok`, [listener])).rows[0].ok).toBe(true);
      await db.query(`UPDATE experiments SET status = 'PAUSED', updated_at = now() WHERE slug = $1`, [missed]);
    });
    await until(() => featuresOn(replica), (f) => f.suspended[missed] === 'PAUSED', 'the change made while the listener was down');
    await until(listenerPids, (pids) => pids.length === 1 && pids[0] !== listener, 'a new listener session');

    await staffCall(shared, MOVE, { slug: later, to: 'KILLED', reason: 'Kill switch test, after the reconnect.' });
    await until(() => featuresOn(replica), (f) => !f.enabled.includes(later), 'the kill heard by the new listener');
  });
});
