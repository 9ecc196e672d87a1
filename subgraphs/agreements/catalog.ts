/**
 * The catalog of agreement kinds and their published versions (without texts, which are loaded
 * only when asked for). Small, immutable per version and read by every consent check, so each
 * process keeps it in memory (kit/cached-catalog.ts), reloaded when agreement_kinds or
 * agreement_versions NOTIFY agreements_catalog (migration CatalogNotify). A version taking effect
 * later needs no notification: the version in force is computed at read time (currentVersion).
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../../common/logger';
import { CachedCatalog } from '../kit/cached-catalog';
import type { Database, Sql } from '../kit/database';
import type { Page } from '../kit/pagination';

/** NOTIFYed by the triggers of migrations/agreements/1764100000000-CatalogNotify.ts. */
export const AGREEMENTS_CATALOG_CHANNEL = 'agreements_catalog';

export type AgreementKind = string;

export interface AgreementKindInfo {
  kind: AgreementKind;
  title: string;
  required: boolean;
}

export interface AgreementVersion {
  id: string;
  kind: AgreementKind;
  version: string;
  textSha256: string;
  summaryOfChanges: string | null;
  effectiveAt: Date;
  requiresReconsent: boolean;
  publishedAt: Date;
}

export interface Catalog {
  kinds: AgreementKindInfo[];
  /** Per kind, newest first by (effectiveAt, publishedAt). */
  versionsByKind: Map<AgreementKind, AgreementVersion[]>;
  byId: Map<string, AgreementVersion>;
}

export const VERSION_COLUMNS = `id, kind, version, text_sha256 AS "textSha256", summary_of_changes AS "summaryOfChanges",
  effective_at AS "effectiveAt", requires_reconsent AS "requiresReconsent", published_at AS "publishedAt"`;

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function buildCatalog(kinds: AgreementKindInfo[], versions: AgreementVersion[]): Catalog {
  const sorted = [...versions].sort(
    (a, b) => b.effectiveAt.getTime() - a.effectiveAt.getTime() || b.publishedAt.getTime() - a.publishedAt.getTime(),
  );
  const versionsByKind = new Map<AgreementKind, AgreementVersion[]>(kinds.map((k) => [k.kind, []]));
  for (const v of sorted) versionsByKind.get(v.kind)?.push(v);
  return { kinds, versionsByKind, byId: new Map(versions.map((v) => [v.id, v])) };
}

/** One round trip for kinds and versions (they are tiny). */
export async function loadCatalog(sql: Sql): Promise<Catalog> {
  const { rows } = await sql.query<{ kinds: AgreementKindInfo[] | null; versions: (Omit<AgreementVersion, 'effectiveAt' | 'publishedAt'> & { effectiveAt: string; publishedAt: string })[] | null }>(
    `SELECT (SELECT json_agg(k ORDER BY k.position) FROM (SELECT kind, title, required, position FROM agreement_kinds) k) AS kinds,
            (SELECT json_agg(v) FROM (SELECT ${VERSION_COLUMNS} FROM agreement_versions) v) AS versions`,
  );
  const kinds = (rows[0].kinds ?? []).map(({ kind, title, required }) => ({ kind, title, required }));
  const versions = (rows[0].versions ?? []).map((v) => ({ ...v, effectiveAt: new Date(v.effectiveAt), publishedAt: new Date(v.publishedAt) }));
  return buildCatalog(kinds, versions);
}

export function agreementsCatalog(db: Database, log: Logger): CachedCatalog<Catalog> {
  return new CachedCatalog({
    name: 'agreements catalog',
    channel: AGREEMENTS_CATALOG_CHANNEL,
    connect: () => db.dedicatedClient(`${AGREEMENTS_CATALOG_CHANNEL} listener ${process.pid}`),
    load: () => loadCatalog(db),
    log,
  });
}

/** The version in force: the newest whose effective date has passed. */
export function currentVersion(catalog: Catalog, kind: AgreementKind, now: Date): AgreementVersion | null {
  return catalog.versionsByKind.get(kind)?.find((v) => v.effectiveAt.getTime() <= now.getTime()) ?? null;
}

/** A page of a kind's versions, newest first, after the version whose id is `page.after` (an unknown id: an empty page). */
export function versionPage(catalog: Catalog, kind: AgreementKind, page: Page): AgreementVersion[] {
  const versions = catalog.versionsByKind.get(kind) ?? [];
  const after = page.after?.toLowerCase();
  const start = after === undefined ? 0 : versions.findIndex((v) => v.id === after) + 1;
  return after !== undefined && start === 0 ? [] : versions.slice(start, start + page.first);
}

export async function loadTexts(sql: Sql, ids: readonly string[]): Promise<(string | null)[]> {
  const { rows } = await sql.query<{ id: string; text: string }>(`SELECT id, text FROM agreement_versions WHERE id = ANY($1::uuid[])`, [ids]);
  const byId = new Map(rows.map((r) => [r.id, r.text]));
  return ids.map((id) => byId.get(id) ?? null);
}
