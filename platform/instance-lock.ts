/**
 * One platform per data directory. The launcher records its PID in DATA_DIR/platform.pid; a second
 * `npm start` on the same directory while that launcher lives is refused (instead of taking over its
 * PostgreSQL), while a PID file left by a launcher that died is simply replaced.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pidAlive } from './pid-alive';

export function claimDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'platform.pid');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) {
      throw new Error(`Another platform (pid ${pid}) is running on ${dataDir}. Stop it first, or set DATA_DIR to another directory.`);
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}
