import type { SuiteSource } from '@ringside/shared';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { suites } from '../db/schema.ts';
import { iso } from '../lib/cache.ts';
import { hashOf } from '../lib/canonical.ts';
import { ApiException, notFound } from '../lib/errors.ts';

/** The suites library (PRODUCT F5): every version of a suite source is kept. */

type SuiteRow = typeof suites.$inferSelect;

const summary = (r: Omit<SuiteRow, 'body' | 'bodyHash'>) => ({
  name: r.name,
  version: r.version,
  description: r.description,
  tasks: r.tasks,
  createdBy: r.createdBy,
  createdAt: iso(r.createdAt)!,
});

/**
 * Saves one version of a suite. Saving the same version with the same body again is a no-op
 * (`created: false`); with another body it is a conflict: a saved version never changes.
 */
export async function saveSuite(db: Db, source: SuiteSource, by: string, now = Date.now()) {
  const bodyHash = await hashOf(source);
  const existing = await db
    .select({ bodyHash: suites.bodyHash })
    .from(suites)
    .where(and(eq(suites.name, source.name), eq(suites.version, source.version)))
    .get();
  if (existing) {
    if (existing.bodyHash !== bodyHash) {
      throw new ApiException(
        409,
        'suite_version_exists',
        `suite '${source.name}' version '${source.version}' is already saved with another body`,
        [{ path: 'version', message: 'bump the version to save a changed suite' }],
      );
    }
    return { created: false, suite: await getSuite(db, source.name, source.version) };
  }
  const row = {
    name: source.name,
    version: source.version,
    description: source.description ?? null,
    tasks: source.tasks.length,
    bodyHash,
    body: JSON.stringify(source),
    createdBy: by,
    createdAt: now,
  };
  await db.insert(suites).values(row);
  return { created: true, suite: { ...summary(row), source } };
}

/** One version of a suite (the newest saved when `version` is omitted), with its source. */
export async function getSuite(db: Db, name: string, version?: string) {
  const row = await db
    .select()
    .from(suites)
    .where(version ? and(eq(suites.name, name), eq(suites.version, version)) : eq(suites.name, name))
    .orderBy(desc(suites.createdAt), desc(suites.version))
    .limit(1)
    .get();
  if (!row) throw notFound(version ? `suite version '${version}' of` : 'suite', name, 'name');
  const versions = await db
    .select({ version: suites.version })
    .from(suites)
    .where(eq(suites.name, name))
    .orderBy(desc(suites.createdAt), desc(suites.version));
  return {
    ...summary(row),
    versions: versions.map((v) => v.version),
    source: JSON.parse(row.body) as SuiteSource,
  };
}

/** Every suite's newest version (summary only), by name. */
export async function listSuites(db: Db) {
  const rows = await db
    .select({
      name: suites.name,
      version: suites.version,
      description: suites.description,
      tasks: suites.tasks,
      createdBy: suites.createdBy,
      createdAt: suites.createdAt,
      versions: sql<number>`(SELECT COUNT(*) FROM ${suites} AS s2 WHERE s2.name = ${suites.name})`,
    })
    .from(suites)
    .where(
      sql`${suites.createdAt} = (SELECT MAX(s3.created_at) FROM ${suites} AS s3 WHERE s3.name = ${suites.name})`,
    )
    .orderBy(suites.name, desc(suites.version));
  const seen = new Set<string>();
  const items = rows.filter((r) => !seen.has(r.name) && seen.add(r.name));
  return { items: items.map((r) => ({ ...summary(r), versions: Number(r.versions) })) };
}
