import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SubgraphTransport } from '../../gateway/subgraph-transport';

/**
 * A call's deadline covers the wait for a free connection: with the pool's only connection held
 * by a subgraph that never answers, a second call gives up with a TimeoutError (which the gateway
 * answers as SERVICE_UNAVAILABLE) instead of queueing until the first socket is torn down.
 */
describe('SubgraphTransport deadlines', () => {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((_req, res) => held.push(res)); // never answers
  let transport: SubgraphTransport;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    transport = new SubgraphTransport(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, 1);
  });
  afterAll(async () => {
    await transport.close().catch(() => undefined);
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('ends a call still waiting for a connection with a TimeoutError', async () => {
    const first = transport.post({ 'content-type': 'application/json' }, '{}', 400).then(() => 'answered', (e: { name: string }) => e.name);
    const queued = transport.post({ 'content-type': 'application/json' }, '{}', 400).then(() => 'answered', (e: { name: string }) => e.name);
    expect(await queued).toBe('TimeoutError');
    expect(await first).not.toBe('answered');
  });
});
