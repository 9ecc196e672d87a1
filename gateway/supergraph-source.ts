/**
 * The supergraph the gateway serves, read from SUPERGRAPH_PATH and reloaded without a restart:
 * when the file changes (fs.watch on its folder, debounced) or on SIGHUP. A new supergraph is
 * checked first (supergraph-check.ts) and then handed to Apollo Gateway's `update`; an invalid one
 * is refused, logged and counted, and the one in use keeps serving. Apollo swaps the schema and
 * query planner in one synchronous step: a plan already executing finishes; a request reaching the
 * executor afterwards is validated and planned against the new supergraph.
 *
 * The folder is watched rather than the file, because editors, `mv` and Kubernetes ConfigMaps
 * replace the file (a new inode, or a swapped symlink), which a watch on the old file never sees.
 * Any event in the folder re-reads the file; one whose hash did not change does nothing.
 */
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '../common/logger';
import { StartupError } from '../common/startup-error';
import { supergraphInfo, supergraphReloads } from './metrics';
import { supergraphHash, supergraphProblem } from './supergraph-check';

export interface SupergraphSourceOptions {
  path: string;
  /** The subgraphs the gateway can call; a supergraph naming another is refused. */
  knownSubgraphs: readonly string[];
  log: Logger;
  /** Quiet time after the last file event before reading (a file written in several steps is read once). */
  debounceMs?: number;
}

type Trigger = 'file' | 'signal';
type Outcome = 'applied' | 'unchanged' | 'failed';

const DEFAULT_DEBOUNCE_MS = 300;

function markServed(hash: string): void {
  supergraphInfo.reset();
  supergraphInfo.set({ hash }, 1);
}

/** Apollo Gateway's `supergraphSdl` hook: the first supergraph, then `update` on every good change. */
export function supergraphSource(options: SupergraphSourceOptions): SupergraphSdlHook {
  const { path, knownSubgraphs, log } = options;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  return async ({ update }) => {
    let first: string;
    try {
      first = readFileSync(path, 'utf8');
    } catch (error) {
      throw new StartupError(`The supergraph ${path} cannot be read (${(error as Error).message}). Run npm run compose, or set SUPERGRAPH_PATH.`);
    }
    const problem = supergraphProblem(first, knownSubgraphs);
    if (problem) throw new StartupError(`The supergraph ${path} cannot be served: ${problem.replace(/\.$/, '')}. Run npm run compose, or set SUPERGRAPH_PATH.`);
    let served = supergraphHash(first);
    markServed(served);
    log.info('supergraph loaded', { path, hash: served });

    const reload = (trigger: Trigger): void => {
      const outcome = (result: Outcome, fields: Record<string, unknown> = {}) => {
        supergraphReloads.inc({ trigger, outcome: result });
        if (result === 'failed') log.error('supergraph reload refused; the previous supergraph keeps serving', { path, trigger, hash: served, ...fields });
        else if (result === 'applied') log.info('supergraph reloaded', { path, trigger, ...fields });
        // Other files in the folder change too (the subgraph SDLs next to it): only a SIGHUP is worth a line.
        else (trigger === 'signal' ? log.info : log.debug)('supergraph unchanged', { path, trigger, hash: served });
      };
      let sdl: string;
      try {
        sdl = readFileSync(path, 'utf8');
      } catch (error) {
        return outcome('failed', { problem: `the file cannot be read (${(error as Error).message})` });
      }
      const hash = supergraphHash(sdl);
      if (hash === served) return outcome('unchanged');
      const problem = supergraphProblem(sdl, knownSubgraphs);
      if (problem) return outcome('failed', { problem, refusedHash: hash });
      try {
        // Synchronous: Apollo builds the new schema and query planner and swaps them in, or throws and keeps the old.
        update(sdl);
      } catch (error) {
        return outcome('failed', { problem: (error as Error).message.split('\n')[0], refusedHash: hash });
      }
      const previous = served;
      served = hash;
      markServed(hash);
      outcome('applied', { previousHash: previous, hash });
    };

    let timer: NodeJS.Timeout | undefined;
    const onFileEvent = () => {
      clearTimeout(timer);
      timer = setTimeout(() => reload('file'), debounceMs);
    };
    const onSignal = () => reload('signal');
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(dirname(path), { persistent: false }, onFileEvent);
      watcher.on('error', (error) => log.warn('cannot watch the supergraph file any more; SIGHUP still reloads it', { path, error }));
    } catch (error) {
      log.warn('cannot watch the supergraph file; SIGHUP reloads it', { path, error });
    }
    process.on('SIGHUP', onSignal);

    return {
      supergraphSdl: first,
      cleanup: async () => {
        clearTimeout(timer);
        watcher?.close();
        process.off('SIGHUP', onSignal);
      },
    };
  };
}
