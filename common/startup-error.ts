/**
 * A start-up failure a person can fix: its message is one line that names what failed and what to
 * do (a port in use, PostgreSQL refusing to start, a data directory that cannot be written). The
 * launcher prints it as it is, without a stack trace; anything else is an unexpected failure.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Wraps a listen() failure: EADDRINUSE becomes a StartupError naming the port and its variable. */
export function listenFailure(error: NodeJS.ErrnoException, port: number, host: string, portVariable: string): Error {
  if (error.code === 'EADDRINUSE') {
    return new StartupError(`port ${port} on ${host} is already in use (${portVariable}): stop the program using it, or set ${portVariable} to a free port`);
  }
  if (error.code === 'EACCES') {
    return new StartupError(`port ${port} on ${host} may not be opened by this user (${portVariable}): choose a port above 1023`);
  }
  if (error.code === 'EADDRNOTAVAIL') {
    return new StartupError(`address ${host} does not belong to this machine: fix the listen address for ${portVariable}`);
  }
  return error;
}
