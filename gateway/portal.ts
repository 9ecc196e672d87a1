/**
 * The account portal at `/`: the files its build wrote to PORTAL_DIR (portal/build.ts), served by
 * express.static (ETag, Last-Modified, 304, HEAD) with the headers of portal-headers.ts. Only the
 * files the build's manifest lists are served; any other path falls through to the JSON 404. A
 * gateway without a built portal still serves the API, and `/` says the portal is not installed.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import express, { type RequestHandler } from 'express';
import type { Logger } from '../common/logger';
import { PORTAL_MANIFEST, type PortalManifest } from '../common/portal-files';
import { portalHeaders } from './portal-headers';

function readManifest(dir: string): PortalManifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, PORTAL_MANIFEST), 'utf8')) as PortalManifest;
    return Array.isArray(manifest.files) && manifest.files.includes('index.html') ? manifest : undefined;
  } catch {
    return undefined;
  }
}

export function portalHandlers(dir: string, log: Logger): RequestHandler[] {
  const manifest = readManifest(dir);
  if (!manifest) {
    log.warn('the account portal is not built; / answers 503 (npm start and npm run build build it; PORTAL_DIR says where it is)', { portalDir: dir });
    const notInstalled: RequestHandler = (req, res, next) => {
      if (req.path !== '/' || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
      res.status(503).json({ errors: [{ message: 'The account portal is not installed on this server. The API is at /graphql.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    };
    return [notInstalled];
  }
  log.info('serving the account portal', { script: manifest.script, scriptBytes: manifest.scriptBytes });
  const served = new Set(manifest.files.map((file) => `/${file}`));
  const onlyBuiltFiles: RequestHandler = (req, _res, next) => {
    if (req.path === '/' || served.has(req.path)) return next();
    next('router');
  };
  const router = express.Router();
  router.use(onlyBuiltFiles, express.static(dir, {
    index: 'index.html',
    redirect: false,
    dotfiles: 'ignore',
    setHeaders: (res, path) => {
      for (const [name, value] of Object.entries(portalHeaders(basename(path)))) res.setHeader(name, value);
    },
  }));
  return [router];
}
