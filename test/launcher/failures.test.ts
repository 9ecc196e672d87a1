/**
 * Start-up failures a newcomer meets are one line each — what failed and what to do — and exit
 * code 1, never an unhandled error with a stack trace.
 */
import net from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launcherPorts, removeDir, scratchDataDir, startLauncher } from '../support/launcher';

async function failedStart(env: Record<string, string>) {
  const launcher = startLauncher(env);
  const code = await launcher.exited;
  const lines = launcher.output().split('\n').filter((l) => l.startsWith('Start failed'));
  return { code, lines, output: launcher.output() };
}

describe('npm start refuses to start, in one line', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  it('names the port in use and the variable that moves it', async () => {
    const ports = await launcherPorts();
    const squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(Number(ports.env.IDENTITY_PORT), '127.0.0.1', r));
    try {
      const dataDir = scratchDataDir();
      dirs.push(dataDir);
      const { code, lines, output } = await failedStart({ ...ports.env, DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(lines).toEqual([`Start failed: port ${ports.env.IDENTITY_PORT} on 127.0.0.1 is already in use (IDENTITY_PORT): stop the program using it, or set IDENTITY_PORT to a free port`]);
      expect(output).not.toMatch(/\n\s+at /); // no stack trace
      expect(output).not.toMatch(/initialising PostgreSQL/); // refused before anything started
    } finally {
      squatter.close();
    }
  });

  it('names the gateway port the same way', async () => {
    const ports = await launcherPorts();
    const squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(ports.gateway, '0.0.0.0', r));
    try {
      const dataDir = scratchDataDir();
      dirs.push(dataDir);
      const { code, lines } = await failedStart({ ...ports.env, DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^Start failed: port ${ports.gateway} on 0\\.0\\.0\\.0 is already in use \\(PORT\\): .*set PORT to a free port$`))]);
    } finally {
      squatter.close();
    }
  });

  it('says why PostgreSQL would not start, and where its log is', async () => {
    const ports = await launcherPorts();
    const dataDir = scratchDataDir();
    dirs.push(dataDir);
    // A data directory left by an incompatible PostgreSQL version.
    mkdirSync(join(dataDir, 'postgres'), { mode: 0o700 });
    writeFileSync(join(dataDir, 'postgres', 'PG_VERSION'), '9.6\n');
    const { code, lines, output } = await failedStart({ ...ports.env, DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Start failed: PostgreSQL could not start on port ${ports.pg}: .+ \\(its log: ${dataDir}/postgres\\.log\\)$`));
    expect(lines[0]).not.toMatch(/exited with/); // the server's own reason, not just an exit code
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('says when the data directory cannot be written', async () => {
    const ports = await launcherPorts();
    const parent = scratchDataDir();
    dirs.push(parent);
    writeFileSync(join(parent, 'a-file'), 'not a directory');
    const dataDir = join(parent, 'a-file', 'data');
    const { code, lines } = await failedStart({ ...ports.env, DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(lines).toEqual([`Start failed: the data directory ${dataDir} cannot be created or written (a part of the path is a file): set DATA_DIR to a directory you can write`]);
  });
});
