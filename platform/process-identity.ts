/**
 * Telling our own processes from strangers that reuse their PIDs. On Linux a process is identified by
 * its PID plus its start time (/proc/<pid>/stat, field 22, in clock ticks since boot), which no other
 * process can share. Elsewhere only the PID is known, and a live PID counts as ours.
 */
import { readFileSync } from 'node:fs';
import { pidAlive } from './pid-alive';

export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot; null where /proc does not exist. */
  started: string | null;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Field 22 of stat (start time); index 19 after the command name. */
const startTimeOf = (pid: number): string | null => statFields(pid)?.[19] ?? null;

/** A zombie (Z) or dead (X) process has exited; it only waits for its parent to collect it. */
const exited = (pid: number): boolean => ['Z', 'X'].includes(statFields(pid)?.[0] ?? '');

/** The parent PID of a process (field 4 of stat), or null where /proc does not exist. */
export function parentOf(pid: number): number | null {
  const ppid = Number(statFields(pid)?.[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
}

export function identify(pid: number): ProcessIdentity {
  return { pid, started: startTimeOf(pid) };
}

/** Whether the process recorded as `identity` is still running (and is still that process). */
export function stillRunning(identity: ProcessIdentity): boolean {
  if (!Number.isInteger(identity.pid) || identity.pid <= 0 || !pidAlive(identity.pid) || exited(identity.pid)) return false;
  if (identity.started === null) return true;
  return startTimeOf(identity.pid) === identity.started;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function terminate(identity: ProcessIdentity, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!stillRunning(identity)) return;
  try {
    process.kill(identity.pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (stillRunning(identity)) {
    if (Date.now() > deadline) {
      try {
        process.kill(identity.pid, 'SIGKILL');
      } catch {
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
