/**
 * Container health probe: `node dist/platform/probe.js URL` exits 0 when URL answers 2xx within
 * 3 s, otherwise 1 with the reason on stderr. The slim Node images have neither curl nor wget, and
 * one image serves every process, so each service passes the URL of its own /readyz.
 */
export {};

const TIMEOUT_MS = 3000;

async function probe(url: string | undefined): Promise<string | null> {
  if (!url) return 'usage: node probe.js URL (for example http://127.0.0.1:4010/readyz)';
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.arrayBuffer();
    return res.ok ? null : `${url} answered HTTP ${res.status}`;
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return `${url} did not answer: ${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
  }
}

void probe(process.argv[2]).then((failure) => {
  if (failure) console.error(failure);
  process.exit(failure ? 1 : 0);
});
