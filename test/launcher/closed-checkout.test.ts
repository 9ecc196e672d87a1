/**
 * As root, from a checkout that only root can enter (a clone in /root, mode 700): PostgreSQL runs as
 * the postgres OS user, which cannot reach node_modules or ./.data there, so the launcher keeps the
 * server's binaries and data in PG_RUNTIME_DIR, linked from DATA_DIR/postgres — and loosens nothing.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launcherPorts, PROJECT_ROOT, removeDir, startLauncher, stopLauncher, type Launcher } from '../support/launcher';
import { gql, signUpUser } from '../support/graphql-client';

const asRoot = process.getuid?.() === 0;
if (!asRoot) console.log('closed-checkout test skipped: it needs root (the postgres OS user case); CI runs as root');

/** Copies the project (hard links for node_modules: same files, closed path) into a fresh mode-700 directory. */
function closedCopy(): { closed: string; project: string } {
  const runs = join(PROJECT_ROOT, '.test-runs');
  mkdirSync(runs, { recursive: true });
  const closed = mkdtempSync(join(runs, 'closed-'));
  chmodSync(closed, 0o700);
  const project = join(closed, 'beta');
  mkdirSync(project);
  for (const entry of readdirSync(PROJECT_ROOT)) {
    if (['node_modules', '.git', '.data', '.test-runs'].includes(entry)) continue;
    cpSync(join(PROJECT_ROOT, entry), join(project, entry), { recursive: true, verbatimSymlinks: true });
  }
  execFileSync('cp', ['-al', join(PROJECT_ROOT, 'node_modules'), join(project, 'node_modules')]);
  return { closed, project };
}

(asRoot ? describe : describe.skip)('npm start as root from a checkout only root can enter', () => {
  let launcher: Launcher | undefined;
  let closed: string;
  let runtimeDir: string;
  afterAll(async () => {
    await stopLauncher(launcher);
    removeDir(closed);
    removeDir(runtimeDir);
  });

  it('serves, keeps PostgreSQL files in PG_RUNTIME_DIR linked from the data dir, and finds the same data again', async () => {
    const copy = closedCopy();
    closed = copy.closed;
    runtimeDir = mkdtempSync(join(tmpdir(), 'bsg-runtime-'));
    chmodSync(runtimeDir, 0o755);
    const ports = await launcherPorts();
    const env = { ...ports.env, PG_RUNTIME_DIR: runtimeDir };
    const gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;

    launcher = startLauncher(env, copy.project);
    await launcher.ready;
    const user = await signUpUser('closed', undefined, { url: gatewayUrl });
    expect(user.accountId).toMatch(/^[0-9a-f-]{36}$/);

    const link = join(copy.project, '.data', 'postgres');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toMatch(new RegExp(`^${runtimeDir}/data/[0-9a-f-]{36}$`));
    expect(readdirSync(runtimeDir)).toEqual(expect.arrayContaining(['data', expect.stringMatching(/^postgresql-.+-linux-x64$/)]));
    // Nothing was opened up: the closed directory and the secrets stay private.
    expect(statSync(closed).mode & 0o777).toBe(0o700);
    expect(statSync(join(copy.project, '.data', 'secrets.json')).mode & 0o777).toBe(0o600);

    await stopLauncher(launcher);
    launcher = startLauncher(env, copy.project);
    await launcher.ready;
    const again = await gql<{ signIn: { account: { id: string } } }>(
      'mutation($input: SignInInput!) { signIn(input: $input) { account { id } } }',
      { input: { email: user.email, password: user.password } },
      { url: gatewayUrl },
    );
    expect(again.data?.signIn.account.id).toBe(user.accountId);
  });
});
