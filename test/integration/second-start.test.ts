import { runNode } from '../support/processes';
import { freePorts } from '../support/free-port';
import { testPlatform } from '../support/platform';

describe('a second npm start on the same data directory', () => {
  it('is refused with a clear message and leaves the running platform alone', async () => {
    const p = testPlatform();
    const [port, pgPort] = await freePorts(2);
    const second = await runNode('platform/start.ts', [], { DATA_DIR: p.dataDir, PORT: String(port), PG_PORT: String(pgPort) });
    expect(second.code).toBe(1);
    expect(second.stderr + second.stdout).toMatch(/^Start failed: another platform \(launcher pid \d+\) is running on .*set DATA_DIR to another directory$/m);
    const ready = await fetch(`http://127.0.0.1:${p.gatewayPort}/readyz`);
    expect(ready.status).toBe(200);
  });
});
