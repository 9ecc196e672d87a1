/**
 * The script of the tiny page test/browser/cross-origin.test.ts serves from another origin: the
 * typed client, bundled for the browser, calling the gateway named by the test. Node's types only
 * (the test compiles with them): the page's global is reached through globalThis.
 */
import { AgreementsDocument, BootstrapDocument, createClient, memoryTokenStore, type SessionTokens } from '../../client';

async function callGateway(url: string, tokens: SessionTokens) {
  const client = createClient({ url, clientKind: 'portal', tokenStore: memoryTokenStore(tokens) });
  const [agreements, bootstrap] = await Promise.all([client.request(AgreementsDocument), client.request(BootstrapDocument)]);
  return { agreements, bootstrap };
}

(globalThis as Record<string, unknown>).callGateway = callGateway;
