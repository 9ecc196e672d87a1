/**
 * The contract between the GraphQL IDE's build (ide/build.ts, run by the launcher and by
 * `npm run build`) and the gateway that serves it: the build writes its files and a manifest
 * listing them; the gateway serves index.html for a browser's GET /graphql and the listed assets
 * under IDE_ASSET_PATH, nothing else of the folder.
 */

/** Written last by the build, so a folder with it is complete. */
export const IDE_MANIFEST = 'ide-manifest.json';

/**
 * Left in the built page for the gateway, which puts a fresh nonce there on every load: the page's
 * script carries it (nonce="…") and hands it to the one <style> element GraphiQL adds at run time.
 */
export const IDE_NONCE_SLOT = '{{nonce}}';

/** Where the page (served at /graphql) finds its script and stylesheet. */
export const IDE_ASSET_PATH = '/graphql-ide';

export interface IdeManifest {
  /** The page, served at /graphql: 'index.html'. */
  page: string;
  /** The content-hashed files the page loads (script, stylesheet), served under IDE_ASSET_PATH. */
  assets: string[];
  /** The bundled script's file name and size in bytes. */
  script: string;
  scriptBytes: number;
}
