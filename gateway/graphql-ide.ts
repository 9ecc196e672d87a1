/**
 * The IDE a browser gets at GET /graphql (GRAPHQL_IDE, gateway/graphql-ide-config.ts).
 *
 * graphiql: the page the IDE's build wrote to GRAPHQL_IDE_DIR (ide/build.ts) answers a GET /graphql
 * that prefers HTML — the same test Apollo Server uses for its landing page, so an API client's GET
 * (Accept: application/json, or none) still runs its query — with a new style nonce on every load;
 * the files its manifest lists are served under /graphql-ide/, with the headers of ide-headers.ts.
 * Apollo's own landing page is disabled. A gateway whose IDE is not built answers that GET with 503
 * and keeps serving the API.
 * sandbox: Apollo's embedded Sandbox (from Apollo's CDN), as Apollo Server serves it. off: neither.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import express, { type Request, type Router } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Logger } from '../common/logger';
import { IDE_ASSET_PATH, IDE_MANIFEST, IDE_NONCE_SLOT, type IdeManifest } from '../common/ide-files';
import type { GraphqlIdeConfig } from './graphql-ide-config';
import { ideAssetHeaders, idePageHeaders } from './ide-headers';

export interface GraphqlIdeServing {
  /** Apollo Server's landing page: Sandbox, or none (GraphiQL is served before Apollo sees the request). */
  landingPage: ApolloServerPlugin;
  /** Mounted on the app before /graphql's API handlers (empty unless GraphiQL is served). */
  router: Router;
}

/** The media types Apollo Server answers a GET with, HTML last: the order decides a tie (Accept: *\/*). */
const GET_ANSWER_TYPES = ['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html'];

/** A GET (or HEAD) of /graphql itself that prefers HTML: a browser opening the URL. */
const isPageRequest = (req: Request) => (req.method === 'GET' || req.method === 'HEAD') && req.path === '/' && req.accepts(GET_ANSWER_TYPES) === 'text/html';

/** The manifest and the page it names, or nothing if the build is missing or incomplete. */
function readBuild(dir: string): { manifest: IdeManifest; page: string } | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, IDE_MANIFEST), 'utf8')) as IdeManifest;
    if (manifest.page !== 'index.html' || !Array.isArray(manifest.assets)) return undefined;
    return { manifest, page: readFileSync(join(dir, manifest.page), 'utf8') };
  } catch {
    return undefined;
  }
}

function graphiqlRouter(dir: string, log: Logger): Router {
  const built = readBuild(dir);
  const router = express.Router();
  if (!built) {
    log.warn('GraphiQL is not built; a browser\'s GET /graphql answers 503 (npm start and npm run build build it; GRAPHQL_IDE_DIR says where it is)', { ideDir: dir });
    router.use('/graphql', (req, res, next) => {
      if (!isPageRequest(req)) return next();
      res.status(503).json({ errors: [{ message: 'GraphiQL is not installed on this server: POST your queries to /graphql, or set GRAPHQL_IDE=sandbox for Apollo Sandbox.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    });
    return router;
  }
  const { manifest, page } = built;
  log.info('serving GraphiQL at GET /graphql', { script: manifest.script, scriptBytes: manifest.scriptBytes });
  // use, not get: a router with a GET route would answer OPTIONS /graphql itself, before CORS.
  router.use('/graphql', (req, res, next) => {
    if (!isPageRequest(req)) return next();
    const nonce = randomBytes(16).toString('base64');
    res.set(idePageHeaders(nonce));
    // The same URL answers JSON to API clients: caches must key on Accept.
    res.vary('Accept');
    res.type('html').send(page.replaceAll(IDE_NONCE_SLOT, nonce));
  });
  const served = new Set(manifest.assets.map((file) => `/${file}`));
  router.use(IDE_ASSET_PATH, (req, _res, next) => (served.has(req.path) ? next() : next('router')), express.static(dir, {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    setHeaders: (res, path) => {
      for (const [name, value] of Object.entries(ideAssetHeaders(basename(path)))) res.setHeader(name, value);
    },
  }));
  return router;
}

export function graphqlIdeServing(config: GraphqlIdeConfig, log: Logger): GraphqlIdeServing {
  switch (config.ide) {
    case 'graphiql':
      return { landingPage: ApolloServerPluginLandingPageDisabled(), router: graphiqlRouter(config.dir, log) };
    case 'sandbox':
      // Whatever NODE_ENV says: the operator asked for Sandbox (Apollo's production default is another page).
      return { landingPage: ApolloServerPluginLandingPageLocalDefault(), router: express.Router() };
    case 'off':
      return { landingPage: ApolloServerPluginLandingPageDisabled(), router: express.Router() };
  }
}
