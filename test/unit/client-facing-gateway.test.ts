/** The gateway's client-facing settings and rules without a server: CORS origins, trusted documents, ETags. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corsOriginsFrom, originMatcher } from '../../gateway/cors-config';
import { etagOf, mergeVary } from '../../gateway/etag';
import { loadManifest, manifestCache } from '../../gateway/trusted-documents';
import { DEFAULT_MANIFEST_PATH, STAFF_ROLES, trustedDocumentsConfigFrom } from '../../gateway/trusted-documents-config';
import { mayRun } from '../../gateway/trusted-documents-policy';
import { sha256Hex } from '../../client/codegen/documents';

describe('CORS_ORIGINS', () => {
  it('defaults to the portal served by the gateway itself and the add-on in Firefox and Chromium', () => {
    expect(corsOriginsFrom({}, 4000)).toEqual(['http://localhost:4000', 'moz-extension://*', 'chrome-extension://*']);
  });

  it('allows listed origins and extension patterns only', () => {
    const allowed = originMatcher(corsOriginsFrom({ CORS_ORIGINS: 'https://Beta.example.org/, moz-extension://*, https://*.portal.example.org' }, 4000));
    expect(allowed('https://beta.example.org')).toBe(true);
    expect(allowed('moz-extension://0f3c5a1e-8d2b-4c7a-9e61-3b2d8f7a6c10')).toBe(true);
    expect(allowed('https://eu.portal.example.org')).toBe(true);
    expect(allowed('https://beta.example.org.evil.example')).toBe(false);
    expect(allowed('https://beta.example.org:8443')).toBe(false);
    expect(allowed('http://beta.example.org')).toBe(false);
    expect(allowed('chrome-extension://abcdefghijklmnopabcdefghijklmnop')).toBe(false);
    expect(allowed('https://portal.example.org')).toBe(false);
    expect(allowed('null')).toBe(false);
  });

  it('refuses an entry that is not an origin, naming the variable', () => {
    expect(() => corsOriginsFrom({ CORS_ORIGINS: 'https://beta.example.org/portal' }, 4000)).toThrow('CORS_ORIGINS: "https://beta.example.org/portal" is not an origin');
    expect(() => corsOriginsFrom({ CORS_ORIGINS: '*' }, 4000)).toThrow('CORS_ORIGINS: "*" is not an origin');
  });
});

describe('trusted documents configuration', () => {
  it('defaults to development (any operation) with the staff roles exempt and the generated manifest', () => {
    expect(trustedDocumentsConfigFrom({})).toEqual({ manifestPath: DEFAULT_MANIFEST_PATH, trustedOnly: false, exemptRoles: STAFF_ROLES });
    expect(DEFAULT_MANIFEST_PATH).toBe(resolve(__dirname, '../../client/generated/manifest.json'));
  });

  it('exempts exactly the staff roles of the schema (every Role but USER)', () => {
    const sdl = readFileSync(resolve(__dirname, '../../schema/identity.graphql'), 'utf8');
    const roles = /enum Role \{([^}]*)\}/.exec(sdl)![1].split(/\s+/).filter((r) => /^[A-Z]+$/.test(r));
    expect([...STAFF_ROLES].sort()).toEqual(roles.filter((r) => r !== 'USER').sort());
  });

  it('reads the production setting, an exempt list (empty: nobody) and a manifest path', () => {
    expect(trustedDocumentsConfigFrom({ TRUSTED_DOCUMENTS_ONLY: 'true', TRUSTED_DOCUMENTS_EXEMPT_ROLES: 'OPS, ENGINEERING', TRUSTED_DOCUMENTS_MANIFEST: '/srv/manifest.json' }))
      .toEqual({ manifestPath: '/srv/manifest.json', trustedOnly: true, exemptRoles: ['OPS', 'ENGINEERING'] });
    expect(trustedDocumentsConfigFrom({ TRUSTED_DOCUMENTS_EXEMPT_ROLES: '' }).exemptRoles).toEqual([]);
    expect(() => trustedDocumentsConfigFrom({ TRUSTED_DOCUMENTS_ONLY: 'yes' })).toThrow('TRUSTED_DOCUMENTS_ONLY must be true or false, got "yes"');
    expect(() => trustedDocumentsConfigFrom({ TRUSTED_DOCUMENTS_EXEMPT_ROLES: 'ops' })).toThrow('TRUSTED_DOCUMENTS_EXEMPT_ROLES must list role names');
  });

  it('lets anyone run a registered document; others only without TRUSTED_DOCUMENTS_ONLY or with an exempt role', () => {
    const production = { trustedOnly: true, exemptRoles: STAFF_ROLES };
    expect(mayRun({ registered: true, roles: [] }, production)).toBe(true);
    expect(mayRun({ registered: false, roles: [] }, production)).toBe(false);
    expect(mayRun({ registered: false, roles: ['USER'] }, production)).toBe(false);
    expect(mayRun({ registered: false, roles: ['USER', 'OPS'] }, production)).toBe(true);
    expect(mayRun({ registered: false, roles: ['OPS'] }, { trustedOnly: true, exemptRoles: [] })).toBe(false);
    expect(mayRun({ registered: false, roles: [] }, { trustedOnly: false, exemptRoles: [] })).toBe(true);
  });
});

describe('trusted-document manifest', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'bsg-manifest-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('loads the generated manifest and answers Apollo persisted-query lookups from it, read-only', async () => {
    const manifest = loadManifest(DEFAULT_MANIFEST_PATH);
    const [id, text] = manifest.entries().next().value as [string, string];
    const cache = manifestCache(manifest);
    expect(await cache.get(`apq:${id}`)).toBe(text);
    const unknown = sha256Hex('query Mine { me { id } }');
    await cache.set(`apq:${unknown}`, 'query Mine { me { id } }');
    expect(await cache.get(`apq:${unknown}`)).toBeUndefined();
  });

  it('refuses to start on an entry whose id is not the SHA-256 of its text, or on a missing file', () => {
    const text = 'query A { me { id } }';
    expect(loadManifest(write('good.json', JSON.stringify({ [sha256Hex(text)]: text }))).get(sha256Hex(text))).toBe(text);
    expect(() => loadManifest(write('swapped.json', JSON.stringify({ [sha256Hex(text)]: 'query B { me { email } }' })))).toThrow('is corrupt: the entry');
    expect(() => loadManifest(join(dir, 'absent.json'))).toThrow('Run npm run codegen, or set TRUSTED_DOCUMENTS_MANIFEST');
  });
});

describe('ETags', () => {
  it('are weak, stable for the same answer and different for another', () => {
    expect(etagOf('{"data":{"me":null}}')).toMatch(/^W\/"[\w-]{43}"$/);
    expect(etagOf('{"data":{"me":null}}')).toBe(etagOf('{"data":{"me":null}}'));
    expect(etagOf('{"data":{"me":{"id":"1"}}}')).not.toBe(etagOf('{"data":{"me":null}}'));
  });

  it('add Accept and Authorization to Vary, keeping what is there', () => {
    expect(mergeVary(undefined, ['Accept', 'Authorization'])).toBe('Accept, Authorization');
    expect(mergeVary('accept, Origin', ['Accept', 'Authorization'])).toBe('accept, Origin, Authorization');
  });
});
