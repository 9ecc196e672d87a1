/**
 * The GraphQL IDE's pure parts: GRAPHQL_IDE and GRAPHQL_IDE_DIR read from an environment, the
 * headers its files get, and the placeholder rule of its header editor (a hint never goes out as
 * a token).
 */
import { DEFAULT_IDE_DIR, graphqlIdeConfigFrom } from '../../gateway/graphql-ide-config';
import { ideAssetHeaders, ideCsp, idePageHeaders } from '../../gateway/ide-headers';
import { DEFAULT_HEADERS } from '../../ide/src/defaults';
import { withoutPlaceholders } from '../../ide/src/placeholder-headers';
import { StartupError } from '../../common/startup-error';

describe('GRAPHQL_IDE', () => {
  it('is GraphiQL from the files beside the compiled gateway by default', () => {
    expect(graphqlIdeConfigFrom({})).toEqual({ ide: 'graphiql', dir: DEFAULT_IDE_DIR });
    expect(graphqlIdeConfigFrom({ GRAPHQL_IDE: '' })).toEqual({ ide: 'graphiql', dir: DEFAULT_IDE_DIR });
  });

  it('takes graphiql, sandbox or off, in any case, and GRAPHQL_IDE_DIR', () => {
    expect(graphqlIdeConfigFrom({ GRAPHQL_IDE: 'sandbox' }).ide).toBe('sandbox');
    expect(graphqlIdeConfigFrom({ GRAPHQL_IDE: ' OFF ' }).ide).toBe('off');
    expect(graphqlIdeConfigFrom({ GRAPHQL_IDE: 'GraphiQL', GRAPHQL_IDE_DIR: '/srv/ide' })).toEqual({ ide: 'graphiql', dir: '/srv/ide' });
  });

  it('refuses anything else with a one-line start-up error naming the allowed values', () => {
    const read = () => graphqlIdeConfigFrom({ GRAPHQL_IDE: 'playground' });
    expect(read).toThrow(StartupError);
    expect(read).toThrow('GRAPHQL_IDE must be one of graphiql, sandbox, off; got "playground"');
  });
});

describe('the headers of the IDE files', () => {
  it('allow script, style, calls and frames from this origin only; fonts and icons also as data: URLs', () => {
    expect(ideCsp()).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    expect(ideCsp()).not.toMatch(/unsafe|\*|https?:/);
  });

  it('give the page its style nonce and never let it be stored (the nonce is new on every load)', () => {
    expect(idePageHeaders('bm9uY2U=')).toEqual({
      'content-security-policy': ideCsp('bm9uY2U='),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': 'no-store',
    });
    expect(ideCsp('bm9uY2U=')).toContain("; style-src 'self' 'nonce-bm9uY2U='; ");
    expect(ideCsp('bm9uY2U=')).not.toMatch(/unsafe/);
  });

  it('cache the hashed files for a year', () => {
    expect(ideAssetHeaders('graphiql.0123456789ab.js')).toEqual({
      'content-security-policy': ideCsp(),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': 'public, max-age=31536000, immutable',
    });
    expect(ideAssetHeaders('graphiql.css')['cache-control']).toBe('no-cache');
  });
});

describe('the header editor placeholder', () => {
  it('pre-fills an Authorization header whose value is a placeholder, which is not sent', () => {
    const headers = JSON.parse(DEFAULT_HEADERS) as Record<string, string>;
    expect(headers.Authorization).toMatch(/^Bearer <.+>$/);
    expect(withoutPlaceholders(headers)).toEqual({});
  });

  it('sends a pasted token and every other header as written', () => {
    const token = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxIn0.c2ln';
    expect(withoutPlaceholders({ Authorization: `Bearer ${token}`, 'x-beta-client': 'graphiql', count: 3 })).toEqual({ Authorization: `Bearer ${token}`, 'x-beta-client': 'graphiql', count: 3 });
    expect(withoutPlaceholders({ Authorization: 'Bearer <token>', 'x-trace': 'a' })).toEqual({ 'x-trace': 'a' });
    expect(withoutPlaceholders(undefined)).toEqual({});
  });
});
