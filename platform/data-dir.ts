/** DATA_DIR must exist and be writable before anything else starts: secrets, run record and logs live there. */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { StartupError } from '../common/startup-error';

export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK | constants.X_OK);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === 'ENOTDIR' ? 'a part of the path is a file' : code === 'EROFS' ? 'the file system is read-only' : code === 'EACCES' ? 'permission denied' : message;
    throw new StartupError(`the data directory ${dataDir} cannot be created or written (${why}): set DATA_DIR to a directory you can write`);
  }
}
