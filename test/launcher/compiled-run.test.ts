/**
 * PLATFORM_BUILD_DIR: the launcher runs the compiled processes of `npm run build` (what the
 * containers run, and what `npm run bench` measures) instead of the sources through tsx.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { buildToTemp, type CompiledBuild } from '../support/compiled-build';
import { gatewayAnswers, launcherPorts, recordedProcesses, removeDir, scratchDataDir, startLauncher, stopLauncher, type Launcher } from '../support/launcher';

const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

describe('npm start with PLATFORM_BUILD_DIR', () => {
  let compiled: CompiledBuild | undefined;
  let launcher: Launcher | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await stopLauncher(launcher);
    if (dataDir) removeDir(dataDir);
    compiled?.remove();
  });

  it('runs every service from the build, without tsx, and serves the same API', async () => {
    compiled = await buildToTemp();
    const dist = join(compiled.appDir, 'dist');
    dataDir = scratchDataDir();
    const ports = await launcherPorts();
    launcher = startLauncher({ ...ports.env, DATA_DIR: dataDir, PLATFORM_BUILD_DIR: dist });
    await launcher.ready;

    const processes = recordedProcesses(dataDir);
    for (const name of ['gateway', ...SUBGRAPH_NAMES]) {
      const args = commandLine(processes[name].pid);
      const entry = name === 'gateway' ? 'gateway/main.js' : `subgraphs/${name}/main.js`;
      expect({ name, args }).toEqual({ name, args: expect.arrayContaining([join(dist, entry)]) as string[] });
      expect({ name, tsx: args.some((a) => a.includes('tsx')) }).toEqual({ name, tsx: false });
    }
    expect(await gatewayAnswers(ports.gateway)).toEqual({
      data: { agreements: expect.arrayContaining([{ kind: 'TERMS_OF_SERVICE' }, { kind: 'PRIVACY_POLICY' }, { kind: 'EXPERIMENTAL_OPT_IN' }]) as unknown[] },
    });
  }, 180_000);
});
