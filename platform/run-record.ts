/**
 * One platform per data directory, and nothing left behind. The launcher records itself and every
 * process it starts in DATA_DIR/run.json. A new `npm start` on the same directory:
 *   - refuses to start while the recorded launcher still runs (instead of taking over its platform);
 *   - otherwise stops whatever the earlier run left (a launcher killed with SIGKILL cannot clean
 *     up), each process checked to be the one recorded (PID and start time) before it is signalled.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../common/logger';
import { StartupError } from '../common/startup-error';
import { identify, stillRunning, terminate, type ProcessIdentity } from './process-identity';

export interface RunFile {
  launcher: ProcessIdentity;
  processes: Record<string, ProcessIdentity>;
}

/** The name under which the embedded PostgreSQL server (the postmaster) is recorded. */
export const POSTGRES = 'postgres';

export const runFilePath = (dataDir: string) => join(dataDir, 'run.json');

export function readRunFile(dataDir: string): RunFile | null {
  const file = runFilePath(dataDir);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunFile;
  } catch {
    return null; // half-written by a launcher that died mid-write: nothing trustworthy to stop
  }
}

export class RunRecord {
  private readonly file: string;
  private readonly content: RunFile;

  private constructor(dataDir: string) {
    this.file = runFilePath(dataDir);
    this.content = { launcher: identify(process.pid), processes: {} };
    this.save();
  }

  /** Claims the data directory for this launcher, after stopping what an earlier run left behind. */
  static async claim(dataDir: string, log: Logger): Promise<RunRecord> {
    const earlier = readRunFile(dataDir);
    if (earlier && earlier.launcher.pid !== process.pid && stillRunning(earlier.launcher)) {
      throw new StartupError(
        `another platform (launcher pid ${earlier.launcher.pid}) is running on ${dataDir}: stop it first (Ctrl-C in its terminal, or kill ${earlier.launcher.pid}), or set DATA_DIR to another directory`,
      );
    }
    const left = Object.entries(earlier?.processes ?? {}).filter(([, p]) => stillRunning(p));
    if (left.length) {
      log.warn('stopping processes left running by an earlier start', { processes: Object.fromEntries(left.map(([name, p]) => [name, p.pid])) });
      // Services first, so PostgreSQL loses its clients; then a fast shutdown (SIGINT) of PostgreSQL.
      await Promise.all(left.filter(([name]) => name !== POSTGRES).map(([, p]) => terminate(p)));
      await Promise.all(left.filter(([name]) => name === POSTGRES).map(([, p]) => terminate(p, 30_000, 'SIGINT')));
    }
    return new RunRecord(dataDir);
  }

  started(name: string, pid: number): void {
    this.content.processes[name] = identify(pid);
    this.save();
  }

  release(): void {
    rmSync(this.file, { force: true });
  }

  private save(): void {
    writeFileSync(this.file, JSON.stringify(this.content, null, 2) + '\n');
  }
}
