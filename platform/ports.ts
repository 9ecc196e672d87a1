/**
 * Checks every port the platform will listen on before anything starts, so a port in use is one
 * clear line naming the port and its variable instead of a child process dying half-way.
 */
import net from 'node:net';
import { listenFailure, StartupError } from '../common/startup-error';

export interface PlannedPort {
  port: number;
  host: string;
  /** The environment variable that sets it. */
  variable: string;
}

function tryListen({ port, host, variable }: PlannedPort): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenFailure(error, port, host, variable)));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

export async function checkPortsFree(ports: PlannedPort[]): Promise<void> {
  const seen = new Map<number, string>();
  for (const planned of ports) {
    const other = seen.get(planned.port);
    if (other) throw new StartupError(`port ${planned.port} is planned for both ${other} and ${planned.variable}: give each its own port`);
    seen.set(planned.port, planned.variable);
  }
  for (const planned of ports) await tryListen(planned);
}
