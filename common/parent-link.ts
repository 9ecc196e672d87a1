/**
 * The link between a service process and the launcher that started it (`npm start`), over the IPC
 * channel the launcher opens. A service tells the launcher when it is ready (so "Gateway ready" is
 * printed only for this run's own processes) or why it could not start (one line), and it stops
 * itself when the launcher is gone, whatever killed the launcher: the channel disconnects even on
 * SIGKILL, so no service outlives its platform. Without a channel (run by hand, in a container)
 * all of this is a no-op.
 */
export type LauncherMessage = { type: 'ready'; url: string } | { type: 'failed'; reason: string };

/** Resolves once the message is handed to the channel, so a process may exit right after. */
export function tellLauncher(message: LauncherMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/** Runs `stop` once the launcher is gone, then exits; a stop that hangs is cut after `graceMs`. */
export function stopWithLauncher(stop: () => Promise<void>, log: (msg: string) => void, graceMs = 10_000): void {
  if (!process.send) return;
  process.channel?.unref(); // the channel alone must not keep the process alive
  process.once('disconnect', () => {
    log('the launcher is gone; stopping');
    setTimeout(() => process.exit(1), graceMs).unref();
    stop().then(() => process.exit(0), () => process.exit(1));
  });
}
