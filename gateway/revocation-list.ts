/**
 * Sessions that identity revoked (signOut, deleteAccount, refresh-token reuse) within the access
 * token lifetime, polled every few seconds. A token naming a revoked session is refused, so
 * revocation reaches every subgraph within one poll interval with no per-request call to identity.
 */
import { randomUUID } from 'node:crypto';
import { encodeCaller, SYSTEM_ROLE } from '../common/caller-context';
import type { Logger } from '../common/logger';

export class RevocationList {
  private revoked = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly url: string, private readonly secret: string, private readonly log: Logger) {}

  has(sessionId: string | null): boolean {
    return sessionId !== null && this.revoked.has(sessionId);
  }

  async refresh(): Promise<void> {
    const requestId = randomUUID();
    const headers = encodeCaller(
      { accountId: null, roles: [SYSTEM_ROLE], sessionId: null, requestId, client: 'OTHER', clientAddress: null, userAgent: 'gateway', issuedAt: Date.now() },
      { subgraph: 'identity', method: 'GET', url: this.url },
      this.secret,
    );
    const res = await fetch(this.url, { headers, signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { sessions: string[] };
    this.revoked = new Set(body.sessions);
  }

  start(intervalMs: number): void {
    const tick = () => this.refresh().catch((error: unknown) => this.log.warn('revoked-session list not refreshed', { error: (error as Error).message }));
    void tick();
    this.timer = setInterval(() => void tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
