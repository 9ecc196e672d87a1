/**
 * The launcher stops when whatever started it is gone. Services watch the launcher over IPC; the
 * launcher itself has no channel to a terminal or to `npm start`, so it watches the process that
 * started it and, under npm, the npm process too (npm runs the script through `sh -c`, so killing
 * npm with SIGKILL would otherwise leave the shell, the launcher and the whole platform running).
 */
import { identify, parentOf, stillRunning, type ProcessIdentity } from './process-identity';

function starters(): ProcessIdentity[] {
  const chain: ProcessIdentity[] = [];
  let pid: number | null = process.ppid;
  // Under npm: our parent is `sh -c …`, whose parent is npm; without npm, the parent alone.
  const depth = process.env.npm_lifecycle_event ? 2 : 1;
  while (pid !== null && pid > 1 && chain.length < depth) {
    chain.push(identify(pid));
    pid = parentOf(pid);
  }
  return chain;
}

export function stopWhenStarterGone(stop: (reason: string) => void, intervalMs = 1000): void {
  const watched = starters();
  const timer = setInterval(() => {
    const gone = watched.find((p) => !stillRunning(p));
    if (!gone) return;
    clearInterval(timer);
    stop(`the process that started the platform (pid ${gone.pid}) is gone`);
  }, intervalMs);
  timer.unref();
}
