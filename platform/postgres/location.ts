/**
 * Where PostgreSQL's data lives. Normally in DATA_DIR/postgres. As root, the server runs as the
 * postgres OS user; if that user cannot enter DATA_DIR (a checkout in /root, mode 700, or any other
 * closed directory), the data goes to PG_RUNTIME_DIR/data/<random id> instead, and DATA_DIR/postgres
 * becomes a symlink to it: the data dir still names its data, a second start follows the link to the
 * same data, and no permission of the user's directories is loosened.
 */
import { existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Logger } from '../../common/logger';
import { StartupError } from '../../common/startup-error';
import { canReach, type RunAs } from './os-user';

export const DEFAULT_RUNTIME_DIR = '/var/lib/beta-services-gateway';

/** The real path of PostgreSQL's data directory (never through the symlink: the server could not follow it). */
export function locateData(dataDir: string, runtimeDir: string, runAs: RunAs, log: Logger): string {
  const link = join(dataDir, 'postgres');
  const stat = lstatOrNull(link);
  if (stat?.isSymbolicLink()) {
    const target = resolve(dataDir, readlinkSync(link));
    if (!existsSync(target)) log.warn('the PostgreSQL data that DATA_DIR/postgres points to is gone; creating it anew', { link, target });
    return target;
  }
  if (stat) {
    if (canReach(dataDir, runAs)) return link;
    throw new StartupError(
      `PostgreSQL's data in ${link} is out of the postgres OS user's reach (a directory above it is closed to others): move it to ${join(runtimeDir, 'data')}/ and leave a symlink to it at ${link}`,
    );
  }
  if (canReach(dataDir, runAs)) return link;
  const parent = join(runtimeDir, 'data');
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  if (!canReach(parent, runAs)) {
    throw new StartupError(`the postgres OS user can reach neither ${dataDir} nor ${parent}: set PG_RUNTIME_DIR to a directory every user may enter`);
  }
  const target = join(parent, randomUUID());
  symlinkSync(target, link);
  log.info('the postgres OS user cannot enter the data directory; PostgreSQL data lives in the runtime directory', { dataDir, postgresData: target });
  return target;
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
