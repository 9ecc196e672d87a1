/**
 * The contract between the portal's build (portal/build.ts, run by the launcher and by
 * `npm run build`) and the gateway that serves it: the build writes its files and a manifest
 * listing them; the gateway serves exactly the files the manifest lists, nothing else of the folder.
 */

/** Written last by the build, so a folder with it is complete. */
export const PORTAL_MANIFEST = 'portal-manifest.json';

export interface PortalManifest {
  /** Every file to serve, by name (no folders): index.html, the hashed script and stylesheet. */
  files: string[];
  /** The bundled script's file name and size in bytes. */
  script: string;
  scriptBytes: number;
}

/** Names carrying their content's hash (app.<12 hex>.js): their content never changes under that name. */
export const isContentHashed = (file: string): boolean => /\.[0-9a-f]{12}\.(?:js|css)$/.test(file);
