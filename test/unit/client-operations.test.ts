/**
 * The registered client operations (client/operations) against the supergraph: they validate,
 * they stay within the gateway's request cost limits, and what `npm run codegen` generates from
 * them is what is committed. So a subgraph change that breaks an operation the portal or the
 * add-on sends fails here, before it lands.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { apiSchema, apiSchemaOf } from '../../client/codegen/api-schema';
import { loadSourceFiles, sha256Hex, trustedDocuments, type TrustedDocument } from '../../client/codegen/documents';
import { runNode } from '../support/processes';
import { DEFAULT_QUERY_LIMITS } from '../../gateway/query-limits-config';
import { queryLimitParseOptions, queryLimitRules } from '../../gateway/query-limits';

const ROOT = resolve(__dirname, '../..');
const documents = trustedDocuments(loadSourceFiles());
const schema = apiSchema();

function problems(document: TrustedDocument, against: GraphQLSchema): string[] {
  const ast = parse(document.text, queryLimitParseOptions(DEFAULT_QUERY_LIMITS));
  return validate(against, ast, [...specifiedRules, ...queryLimitRules(DEFAULT_QUERY_LIMITS)]).map((e) => `${document.name}: ${e.message}`);
}

describe('client operations', () => {
  it('are the operations the portal and the add-on need', () => {
    expect(documents.map((d) => d.name)).toEqual(expect.arrayContaining([
      'Bootstrap', 'Agreements', 'SignUp', 'SignIn', 'RefreshSession', 'SignOut', 'AcceptAgreements', 'WithdrawConsent', 'JoinChannel',
      'Experiments', 'OptIn', 'OptOut', 'SubmitFeedback', 'ExportMyData', 'DeleteAccount', 'MyAccount', 'SuspendedFeatures', 'EndedFeatures',
      'StaffExperiments', 'ExperimentDetail', 'ProposeExperiment', 'CheckEntryCriterion', 'SignOff', 'ReleaseRevision',
      'TransitionExperiment', 'RecordReview', 'SetRollout', 'PublishAgreementVersion', 'Feedback',
    ]));
  });

  it('keeps Bootstrap exactly as every client runs it', () => {
    const bootstrap = documents.find((d) => d.name === 'Bootstrap')!;
    const published = 'query Bootstrap { me { id email channel consent { compliant pending { kind version } experimentalOptIn } enabledFeatures { slug tier revision { version addonId url sha256 } } } }';
    expect(bootstrap.text.replace(/\s+/g, ' ')).toBe(published);
  });

  it('all validate against the supergraph API schema and stay within the gateway request cost limits', () => {
    expect(documents.flatMap((d) => problems(d, schema))).toEqual([]);
  });

  it('fail when a subgraph change breaks one of them (a renamed field of experiments)', () => {
    const sdl = (name: string) => readFileSync(resolve(ROOT, `schema/${name}.graphql`), 'utf8');
    const broken = sdl('experiments').replace('type EnabledFeature {\n  slug: String!', 'type EnabledFeature {\n  key: String!');
    expect(broken).not.toBe(sdl('experiments'));
    const composed = composeServices(SUBGRAPH_NAMES.map((name) => ({
      name, url: `http://127.0.0.1/${name}`, typeDefs: parse(name === 'experiments' ? broken : sdl(name)),
    })));
    expect(composed.errors).toBeUndefined();
    const found = documents.flatMap((d) => problems(d, apiSchemaOf(composed.supergraphSdl!)));
    expect(found).toEqual([
      'Bootstrap: Cannot query field "slug" on type "EnabledFeature". Did you mean "sla"?',
      'MyAccount: Cannot query field "slug" on type "EnabledFeature". Did you mean "sla"?',
    ]);
  });

  it('each have a manifest id that is the SHA-256 of their text', () => {
    const manifest = JSON.parse(readFileSync(resolve(ROOT, 'client/generated/manifest.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(manifest).sort()).toEqual(documents.map((d) => d.id).sort());
    for (const [id, text] of Object.entries(manifest)) expect(sha256Hex(text)).toBe(id);
  });

  it('match the committed generated files (run `npm run codegen` when this fails)', async () => {
    const run = await runNode('client/codegen/main.ts', ['--check'], {});
    if (run.code !== 0) throw new Error(run.stderr || run.stdout);
  });
});

describe('trusted documents', () => {
  it('refuse anonymous operations, duplicate names and unknown fragments', () => {
    const file = (source: string) => ({ location: 'client/operations/x.graphql', document: parse(source) });
    expect(() => trustedDocuments([file('{ me { id } }')])).toThrow('every operation needs a name');
    expect(() => trustedDocuments([file('query A { me { id } }'), file('query A { me { email } }')])).toThrow('operation A is also defined in');
    expect(() => trustedDocuments([file('query A { me { ...Missing } }')])).toThrow('Unknown fragment "Missing"');
  });

  it('carry exactly the fragments their operation uses, transitively', () => {
    const [only] = trustedDocuments([{
      location: 'x.graphql',
      document: parse('query A { me { ...F } } fragment F on Account { id ...G } fragment G on Account { email } fragment Unused on Account { channel }'),
    }]);
    expect(only.text).toBe('query A {\n  me {\n    ...F\n  }\n}\n\nfragment F on Account {\n  id\n  ...G\n}\n\nfragment G on Account {\n  email\n}');
  });
});
