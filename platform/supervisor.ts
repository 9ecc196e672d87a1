/**
 * One node process of the platform (a subgraph or the gateway), started with an IPC channel and kept
 * running: the process reports "ready" over the channel once it listens (so readiness is known to be
 * this run's own process), a crash is restarted with backoff while the rest keeps serving, and a
 * crash loop is handed to the launcher to decide (stop everything, or go on without an optional part).
 * The channel also makes the process stop itself if the launcher dies (common/parent-link.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { LauncherMessage } from '../common/parent-link';
import type { Logger } from '../common/logger';
import { StartupError } from '../common/startup-error';
import { RestartPolicy } from './restart-policy';

const ROOT = resolve(__dirname, '..');
const READY_TIMEOUT_MS = 90_000;

export interface ServiceSpec {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
}

export interface SupervisorHooks {
  started(name: string, pid: number): void;
  gaveUp(name: string, reason: string): void;
}

export class SupervisedService {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private readonly policy = new RestartPolicy();

  constructor(private readonly spec: ServiceSpec, private readonly log: Logger, private readonly hooks: SupervisorHooks) {}

  /** Starts the process; resolves once it reports ready, rejects with the one-line reason it gave. */
  start(): Promise<void> {
    // CPU_PROFILE_DIR: each process writes a V8 CPU profile there when it stops (for finding hot paths).
    const profile = this.spec.env.CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${this.spec.env.CPU_PROFILE_DIR}`] : [];
    // PLATFORM_BUILD_DIR: run the compiled entry of `npm run build` there (as the containers do) instead of the source through tsx.
    const buildDir = this.spec.env.PLATFORM_BUILD_DIR;
    const program = buildDir ? [resolve(buildDir, this.spec.entry.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', resolve(ROOT, this.spec.entry)];
    const child = spawn(process.execPath, [...profile, ...program], {
      cwd: ROOT,
      env: this.spec.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    if (child.pid) this.hooks.started(this.spec.name, child.pid);
    let reason: string | undefined;
    let ready = false;
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        done();
        if (ready && !this.stopping) this.crashed(`exit code ${code ?? signal}`);
      }),
    );
    return new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new StartupError(`${this.spec.name} did not become ready within ${READY_TIMEOUT_MS / 1000} s (its log is above)`)), READY_TIMEOUT_MS);
      child.on('message', (message: LauncherMessage) => {
        if (message.type === 'failed') reason = message.reason;
        if (message.type === 'ready') {
          ready = true;
          clearTimeout(timer);
          resolveReady();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!ready) reject(new StartupError(`${this.spec.name} could not start: ${reason ?? `it exited with ${code ?? signal} (its log is above)`}`));
      });
      child.once('error', (error) => reject(new StartupError(`${this.spec.name} could not be started: ${error.message}`)));
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  private crashed(how: string): void {
    const decision = this.policy.crashed();
    if (!decision) {
      this.hooks.gaveUp(this.spec.name, `${this.spec.name} keeps crashing (${this.policy.describeLoop()}, last: ${how})`);
      return;
    }
    this.log.warn(`${this.spec.name} stopped unexpectedly (${how}); restarting it in ${decision.delayMs} ms`, {
      service: this.spec.name, restarts: this.policy.total, recentCrashes: decision.recentCrashes,
    });
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.start().then(
        () => this.log.info(`${this.spec.name} is back`, { service: this.spec.name, restarts: this.policy.total }),
        (error: Error) => {
          this.log.warn(`${this.spec.name} did not come back: ${error.message}`, { service: this.spec.name });
          if (!this.stopping) this.crashed('failed to start');
        },
      );
    }, decision.delayMs);
  }
}
