/**
 * `npm start` runs the launcher through `sh -c`; killing npm with SIGKILL must still stop the
 * platform. The watch is tested on its own here (a stand-in npm → sh → a script using it), the whole
 * launcher in recovery.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const WATCHER = `require(${JSON.stringify(require.resolve('tsx/cjs'))});
require(${JSON.stringify(resolve(__dirname, '../../platform/starter-watch.ts'))})
  .stopWhenStarterGone((reason) => { console.log('STOP ' + reason); process.exit(0); }, 100);
console.log('WATCHING');
setInterval(() => {}, 1000);
`;

function standInNpm() {
  const dir = mkdtempSync(join(tmpdir(), 'bsg-watch-'));
  const script = join(dir, 'watcher.js');
  writeFileSync(script, WATCHER);
  // The stand-in npm: a node process running `sh -c "node watcher.js"`, as npm runs a script.
  const npm = spawn(process.execPath, ['-e', `require('child_process').spawn('sh', ['-c', process.argv[1]], { stdio: 'inherit' }); setInterval(() => {}, 1000);`,
    // "; exit": a shell stays in between, as under npm (a lone command would be exec'd by dash).
    `"${process.execPath}" "${script}"; exit`], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, npm_lifecycle_event: 'start' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  npm.stdout.on('data', (c: Buffer) => (output += c.toString()));
  const waitFor = async (text: string) => {
    for (let i = 0; i < 300 && !output.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
    return output;
  };
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  return { npm, waitFor, output: () => output, cleanup };
}

describe('the launcher watches whatever started it', () => {
  it('stops when the npm process is killed with SIGKILL, though the shell between them lives on', async () => {
    const { npm, waitFor, cleanup } = standInNpm();
    try {
      expect(await waitFor('WATCHING')).toContain('WATCHING');
      npm.kill('SIGKILL');
      expect(await waitFor('STOP')).toMatch(new RegExp(`STOP the process that started the platform \\(pid ${npm.pid}\\) is gone`));
    } finally {
      npm.kill('SIGKILL');
      cleanup();
    }
  });

  it('keeps running while its starter lives', async () => {
    const { npm, waitFor, output, cleanup } = standInNpm();
    try {
      expect(await waitFor('WATCHING')).toContain('WATCHING');
      await new Promise((r) => setTimeout(r, 500)); // five watch intervals
      expect(output()).not.toMatch(/STOP/);
    } finally {
      npm.kill('SIGKILL');
      await waitFor('STOP');
      cleanup();
    }
  });
});
