/**
 * Where the CPU goes during a run: user+system time of each process of the benchmark's own
 * platform (read from /proc: the launcher's node children by their entry file, PostgreSQL as the
 * postmaster of this platform's data dir and its backends and workers) and of this process (the
 * load generator), as cores busy over the run; plus the rest of the machine from /proc/stat.
 * Deltas are taken per PID, so a process that exits during a run (an autovacuum worker, a backend
 * of a closed connection) loses only its own last ticks instead of skewing its group.
 * Linux only; elsewhere only the load generator is reported.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

/** /proc reports CPU time in USER_HZ ticks, 100 per second on Linux. */
const TICKS_PER_SECOND = 100;
/** The gateways measured side by side: ours (a child of the launcher) and the peers this benchmark starts. */
export const GATEWAYS = ['gateway', 'hive-js', 'hive-rust', 'fixed-plan'] as const;
export type GatewayComponent = (typeof GATEWAYS)[number];
export const SUBGRAPH_COMPONENTS = ['identity', 'agreements', 'experiments', 'feedback', 'postgres'] as const;
const OWN = [...GATEWAYS, ...SUBGRAPH_COMPONENTS, 'load generator'] as const;
type Own = (typeof OWN)[number];
/** This benchmark's processes, then the rest of the machine (other work, idle cores). */
export const COMPONENTS = [...OWN, 'other processes', 'idle'] as const;
export type Component = (typeof COMPONENTS)[number];
/** Shown as cores only: a per-request share of them means nothing. */
export const MACHINE_COMPONENTS: readonly Component[] = ['other processes', 'idle'];

export interface CpuSample {
  at: number;
  /** Ticks of this process (the load generator). */
  own: number;
  /** Ticks per PID of the platform's processes, with the group each belongs to. */
  processes: Map<number, { component: Own; ticks: number }>;
  /** Whole machine, from /proc/stat; absent off Linux. */
  machine?: { busy: number; idle: number };
}

function readStat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state ppid ... utime(14) stime(15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // exited meanwhile
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

export class CpuMeter {
  /** `peers`: the benchmark's own peer gateway processes, by component. */
  constructor(private readonly launcherPid: number | undefined, private readonly dataDir: string, private readonly peers: Partial<Record<GatewayComponent, number>> = {}) {}

  private postmasterPid(): number | null {
    const file = join(realpathSync(join(this.dataDir, 'postgres')), 'postmaster.pid');
    if (!existsSync(file)) return null;
    return Number(readFileSync(file, 'utf8').split('\n')[0]) || null;
  }

  sample(): CpuSample {
    const usage = process.cpuUsage();
    const sample: CpuSample = { at: Date.now(), own: ((usage.user + usage.system) / 1e6) * TICKS_PER_SECOND, processes: new Map() };
    if (process.platform !== 'linux' || !this.launcherPid) return sample;
    // First line of /proc/stat: cpu user nice system idle iowait irq softirq steal ...
    const [user, nice, system, idle, iowait, irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    sample.machine = { busy: user + nice + system + irq + softirq, idle: idle + iowait };
    const postmaster = this.postmasterPid();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      const stat = readStat(pid);
      if (!stat) continue;
      let component: Own | undefined = (Object.entries(this.peers) as [GatewayComponent, number][]).find(([, p]) => p === pid)?.[0];
      if (component) {
        // a peer gateway
      } else if (stat.ppid === this.launcherPid) {
        const match = /(gateway|subgraphs\/(\w+))\/main\.[jt]s/.exec(cmdline(pid));
        component = (match?.[2] ?? match?.[1]) as Own | undefined;
      } else if (postmaster && (pid === postmaster || stat.ppid === postmaster)) {
        component = 'postgres';
      }
      if (component && OWN.includes(component)) sample.processes.set(pid, { component, ticks: stat.ticks });
    }
    return sample;
  }

  /** Cores busy per component between two samples (and, on Linux, the rest of the machine). */
  static coresBusy(before: CpuSample, after: CpuSample): Partial<Record<Component, number>> {
    const cores = (ticks: number) => Math.max(0, ticks) / TICKS_PER_SECOND / ((after.at - before.at) / 1000);
    const ticks = new Map<Own, number>([['load generator', after.own - before.own]]);
    for (const [pid, p] of after.processes) {
      ticks.set(p.component, (ticks.get(p.component) ?? 0) + p.ticks - (before.processes.get(pid)?.ticks ?? 0));
    }
    const out: Partial<Record<Component, number>> = {};
    for (const [component, value] of ticks) out[component] = cores(value);
    if (before.machine && after.machine) {
      out['other processes'] = Math.max(0, cores(after.machine.busy - before.machine.busy) - OWN.reduce((sum, c) => sum + (out[c] ?? 0), 0));
      out.idle = cores(after.machine.idle - before.machine.idle);
    }
    return out;
  }
}
