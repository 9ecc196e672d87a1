/**
 * GraphiQL over this gateway's /graphql, bundled with React and its stylesheet by build.ts: the
 * page loads nothing from any other origin (no CDN), so it works offline and under the IDE's
 * Content-Security-Policy (gateway/ide-headers.ts).
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import '../static/ide.css';
import { DEFAULT_HEADERS, DEFAULT_QUERY } from './defaults';
import { withoutPlaceholders } from './placeholder-headers';

// GraphiQL's dialogs lock the page's scrolling with a <style> element (react-remove-scroll, through
// get-nonce, which reads __webpack_nonce__). The page's policy allows inline style only with the
// nonce the gateway gave this script; read it now: currentScript is gone once this script has run.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce;
if (nonce) (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = nonce;

// Same origin: POST with content-type application/json, which passes the gateway's CSRF prevention.
const sameOrigin = createGraphiQLFetcher({ url: new URL('/graphql', location.href).toString() });
const fetcher: Fetcher = (params, options) => sameOrigin(params, { ...options, headers: withoutPlaceholders(options?.headers) });

const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    createElement(GraphiQL, {
      fetcher,
      defaultQuery: DEFAULT_QUERY,
      defaultHeaders: DEFAULT_HEADERS,
      // The header editor open from the start: the Authorization header is what people set first.
      defaultEditorToolsVisibility: 'headers',
      // shouldPersistHeaders left at GraphiQL's default: the headers (a token) stay out of
      // localStorage unless the person turns on "Persist headers" in the settings.
    }),
  );
}
