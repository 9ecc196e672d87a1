/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, one Bootstrap is one trace: the client's `traceparent`
 * reaches the gateway, the gateway's calls carry it to identity, agreements and experiments, and
 * their SQL spans hang under their request spans. The spans arrive over OTLP/HTTP at a collector
 * of this test's own (the real exporter path), from a platform of this test's own.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { gql, signUpUser } from '../support/graphql-client';
import { freePorts } from '../support/free-port';
import { asyncListener } from '../support/async-listener';
import { launcherPorts, removeDir, scratchDataDir, startLauncher, stopLauncher, type Launcher } from '../support/launcher';

interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean };
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: OtlpValue }[] };
    scopeSpans: { spans: { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: { key: string; value: OtlpValue }[] }[] }[];
  }[];
}

/** A SQL span of the pg instrumentation (current semantic conventions name the system `db.system.name`). */
const isSql = (s: Span) => (s.attributes['db.system.name'] ?? s.attributes['db.system']) === 'postgresql' && s.name.startsWith('pg.query');

const valueOf = (v: OtlpValue) => v.stringValue ?? v.intValue ?? v.boolValue;

function startCollector(port: number): Promise<{ spans: Span[]; close(): Promise<void> }> {
  const spans: Span[] = [];
  const server = http.createServer(asyncListener(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.url === '/v1/traces') {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as OtlpExport;
      for (const rs of body.resourceSpans) {
        const service = String(valueOf(rs.resource.attributes.find((a) => a.key === 'service.name')!.value));
        for (const ss of rs.scopeSpans) {
          for (const s of ss.spans) {
            spans.push({
              service, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined, name: s.name,
              attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, valueOf(a.value)])),
            });
          }
        }
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  }));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({
    spans,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  })));
}

describe('tracing', () => {
  let launcher: Launcher | undefined;
  let collector: Awaited<ReturnType<typeof startCollector>> | undefined;
  const dataDir = scratchDataDir();
  afterAll(async () => {
    await stopLauncher(launcher);
    await collector?.close();
    removeDir(dataDir);
  });

  it('makes one Bootstrap one trace across the gateway, three subgraphs and their SQL', async () => {
    const ports = await launcherPorts();
    const [collectorPort] = await freePorts(1);
    collector = await startCollector(collectorPort);
    launcher = startLauncher({
      ...ports.env, DATA_DIR: dataDir,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    await launcher.ready;
    const url = `http://127.0.0.1:${ports.gateway}/graphql`;
    const user = await signUpUser('traced', undefined, { url });

    const traceId = randomBytes(16).toString('hex');
    const res = await gql(
      `query Bootstrap { me { id email channel consent { compliant pending { kind version } experimentalOptIn } enabledFeatures { slug tier revision { version addonId url sha256 } } } }`,
      {}, { url, token: user.accessToken, headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } },
    );
    expect(res.errors).toBeUndefined();

    const deadline = Date.now() + 20_000;
    const ofTrace = () => collector!.spans.filter((s) => s.traceId === traceId);
    const services = () => new Set(ofTrace().map((s) => s.service));
    while (Date.now() < deadline && !['gateway', 'identity', 'agreements', 'experiments'].every((s) => services().has(s) && ofTrace().some((x) => x.service === s && isSql(x)) || s === 'gateway' && services().has(s))) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const spans = ofTrace();
    expect([...services()].sort()).toEqual(['agreements', 'experiments', 'gateway', 'identity']);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    for (const subgraph of ['identity', 'agreements', 'experiments']) {
      // The subgraph's request span: its parent is a span of the gateway (the call that carried traceparent).
      const server = spans.filter((s) => s.service === subgraph && s.parentSpanId && byId.get(s.parentSpanId)?.service === 'gateway');
      expect({ subgraph, servedForTheGateway: server.length > 0 }).toEqual({ subgraph, servedForTheGateway: true });
      // Its SQL spans descend from its request span.
      const sql = spans.filter((s) => s.service === subgraph && isSql(s));
      expect({ subgraph, sql: sql.length > 0 }).toEqual({ subgraph, sql: true });
      const ancestors = (span: Span): Span[] => (span.parentSpanId && byId.get(span.parentSpanId) ? [byId.get(span.parentSpanId)!, ...ancestors(byId.get(span.parentSpanId)!)] : []);
      for (const s of sql) expect(ancestors(s).some((a) => a.service === 'gateway')).toBe(true);
    }
  }, 90_000);
});
