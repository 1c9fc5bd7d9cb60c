import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Transaction } from 'kysely';
import { unknownDistrictCodes } from '../../db/districts';
import { deletePlanFeature, getPlanFeature, insertPlanFeature, listPlanFeatures, checkGeometry, featuresOutsideDistrict, updatePlanFeature } from '../../db/plan-features';
import { type PlanFields, type PlanRow, deletePlan, getPlan, insertPlan, listPlans, lockPlan, updatePlan } from '../../db/plans';
import type { Database } from '../../db/schema';
import { geometryIssue, parsePlanImport } from '../../geodata/plan-geojson-import';
import type { AppDeps } from '../deps';
import { ProblemException, invalidParameters, problemResponse } from '../problem';
import { validate } from '../validation';
import { canReadPlan, canWritePlan, planActor, planCallerOf } from '../plans/plan-access';
import { planToGeoJson } from '../plans/plan-geojson-export';
import { OUTSIDE_DISTRICT_WARNING_M, importedFields, kindGeometryIssue, storeImportedFeatures } from '../plans/plan-import';
import { forbidden, invalidImport, planNotFound, planProblemTypes } from '../plans/plan-problems';
import { createFeatureBody, featureIdParam, listQuery, patchFeatureBody, patchPlanBody, planGetQuery, planIdParam, repairQuery, createPlanBody, coverageQuery } from '../plans/plan-schemas';
import { planEtag, requireCurrentVersion } from '../plans/plan-version';
import { auditPlanWrite } from '../plans/plan-audit';
import { planCoverage } from '../plans/plan-coverage';
import { categoriesOf } from '../analysis/params';

/** The largest GeoJSON file the import accepts: a plan is a few dozen shapes, not a basemap. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

type Trx = Transaction<Database>;

/**
 * Serious violence plans and their features (issue 13). Reads follow canReadPlan, writes
 * canWritePlan; every write needs If-Match with the plan's version, bumps it, and is audited with
 * the version before and after, in the transaction of the change.
 *
 * Long because a Hono sub-app is one chained expression (so its routes reach `AppType` for the
 * typed client); each handler is short and the shared steps are the helpers above the chain.
 */
export function planRoutes({ database }: AppDeps) {
  const db = database.db;

  async function readable(c: Context, id: number): Promise<PlanRow> {
    const plan = await getPlan(db, id);
    // A draft the caller may not see is answered as if it did not exist.
    if (!plan || !canReadPlan(planCallerOf(c), plan)) throw planNotFound(id);
    return plan;
  }

  /**
   * Runs `change` on the locked plan once the caller may write it and If-Match is current, then
   * bumps the version and writes the audit row: all in one transaction.
   */
  async function writePlan<T>(
    c: Context, id: number, action: string,
    change: (trx: Trx, plan: PlanRow) => Promise<{ result: T; changes?: Partial<PlanFields>; details?: Record<string, unknown> }>,
  ): Promise<{ result: T; plan: PlanRow }> {
    const caller = planCallerOf(c);
    const actor = planActor(caller);
    return db.transaction().execute(async (trx) => {
      const before = await lockPlan(trx, id);
      if (!before || !canReadPlan(caller, before)) throw planNotFound(id);
      if (!canWritePlan(caller, before.districtCode)) throw forbidden(`Only editors of ${before.districtCode} and admins may change this plan`);
      requireCurrentVersion(c, before.version);
      const { result, changes, details } = await change(trx, before);
      const plan = await updatePlan(trx, id, changes ?? {}, actor);
      await auditPlanWrite(trx, c, action, { planId: id, districtCode: plan.districtCode, beforeVersion: before.version, afterVersion: plan.version, ...details });
      return { result, plan };
    });
  }

  /** A geometry from a request body: its structure (400) and kind (400), before any PostGIS check. */
  function bodyGeometry(geometry: unknown, kind: Parameters<typeof kindGeometryIssue>[0]): void {
    const issue = geometryIssue(geometry, 4326) ?? kindGeometryIssue(kind, (geometry as { type: string }).type);
    if (issue) throw invalidParameters([{ pointer: '#/geometry', detail: issue }]);
  }

  async function postgisGeometry(trx: Trx, geometry: unknown, kind: Parameters<typeof kindGeometryIssue>[0], repair: boolean): Promise<{ repaired: string | null }> {
    const check = await checkGeometry(trx, geometry, 4326);
    if (check.valid) return { repaired: null };
    // A repair can change the type (a bow-tie polygon becomes a MultiPolygon, a collapsed one a line).
    const changed = repair ? kindGeometryIssue(kind, check.repairedType ?? '') : null;
    if (repair && !changed) return { repaired: check.reason };
    const detail = changed ? `${check.reason}; repaired it would be a ${check.repairedType}: ${changed}` : `${check.reason} (send ?repair=true to have PostGIS repair it)`;
    throw new ProblemException({ ...planProblemTypes.invalidGeoJson, status: 422, detail: `geometry: invalid: ${detail}`, errors: [{ pointer: '#/geometry', detail }] });
  }

  async function outsideWarnings(trx: Trx, plan: PlanRow, ids: number[]) {
    return (await featuresOutsideDistrict(trx, plan.districtCode, ids, OUTSIDE_DISTRICT_WARNING_M)).map((o) => ({ featureId: o.id, detail: `reaches ${o.distance} m outside district ${plan.districtCode}` }));
  }

  const withEtag = (c: Context, version: number) => c.header('ETag', planEtag(version));

  return new Hono()
    .use(async (c, next) => {
      await next();
      // A stale write's answer carries the current ETag too, so the client can reload against it.
      const version = c.error instanceof ProblemException ? (c.error.problem as { currentVersion?: number }).currentVersion : undefined;
      if (version !== undefined) c.res.headers.set('ETag', planEtag(version));
    })
    .get('/', validate('query', listQuery), async (c) => {
      const { district } = c.req.valid('query');
      const caller = planCallerOf(c);
      return c.json((await listPlans(db, { districtCode: district })).filter((p) => canReadPlan(caller, p)));
    })
    .post('/', validate('json', createPlanBody), async (c) => {
      const body = c.req.valid('json');
      const caller = planCallerOf(c);
      if ((await unknownDistrictCodes(db, [body.districtCode])).length) throw invalidParameters([{ pointer: '#/districtCode', detail: `unknown district "${body.districtCode}"` }]);
      if (!canWritePlan(caller, body.districtCode)) throw forbidden(`Only editors of ${body.districtCode} and admins may create its plans`);
      const actor = planActor(caller);
      const plan = await db.transaction().execute(async (trx) => {
        const created = await insertPlan(trx, body, actor);
        await auditPlanWrite(trx, c, 'plan.create', { planId: created.id, districtCode: created.districtCode, beforeVersion: null, afterVersion: created.version });
        return created;
      });
      withEtag(c, plan.version);
      c.header('Location', `/api/plans/${plan.id}`);
      return c.json(plan, 201);
    })
    .get('/:id', validate('param', planIdParam), validate('query', planGetQuery), async (c) => {
      const { id } = c.req.valid('param');
      const plan = await readable(c, id);
      const features = await listPlanFeatures(db, id);
      withEtag(c, plan.version);
      if (c.req.valid('query').format === 'geojson') {
        return c.body(planToGeoJson(plan, features), 200, { 'content-type': 'application/geo+json', 'content-disposition': `attachment; filename="plan-${plan.id}-v${plan.version}.geojson"` });
      }
      return c.json({ ...plan, features });
    })
    .patch('/:id', validate('param', planIdParam), validate('json', patchPlanBody), async (c) => {
      const { id } = c.req.valid('param');
      const changes = c.req.valid('json');
      const { plan } = await writePlan(c, id, 'plan.update', async (_trx, before) => {
        // The body alone may move one end of the period past the stored other end.
        if ((changes.periodStart ?? before.periodStart) > (changes.periodEnd ?? before.periodEnd)) {
          throw invalidParameters([{ pointer: changes.periodEnd ? '#/periodEnd' : '#/periodStart', detail: `the period would run from ${changes.periodStart ?? before.periodStart} to ${changes.periodEnd ?? before.periodEnd}: it must not end before it starts` }]);
        }
        return { result: null, changes, details: { fields: Object.keys(changes) } };
      });
      withEtag(c, plan.version);
      return c.json(plan);
    })
    .delete('/:id', validate('param', planIdParam), async (c) => {
      const { id } = c.req.valid('param');
      const caller = planCallerOf(c);
      await db.transaction().execute(async (trx) => {
        const before = await lockPlan(trx, id);
        if (!before || !canReadPlan(caller, before)) throw planNotFound(id);
        if (!canWritePlan(caller, before.districtCode)) throw forbidden(`Only editors of ${before.districtCode} and admins may delete this plan`);
        requireCurrentVersion(c, before.version);
        await deletePlan(trx, id);
        await auditPlanWrite(trx, c, 'plan.delete', { planId: id, districtCode: before.districtCode, beforeVersion: before.version, afterVersion: null, title: before.title });
      });
      return c.body(null, 204);
    })
    .get('/:id/coverage', validate('param', planIdParam), validate('query', coverageQuery), async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const plan = await readable(c, id);
      withEtag(c, plan.version);
      return c.json(await planCoverage(db, plan, { from: q.from, to: q.to, categories: categoriesOf(q) }));
    })
    .get('/:id/features', validate('param', planIdParam), async (c) => {
      const { id } = c.req.valid('param');
      const plan = await readable(c, id);
      withEtag(c, plan.version);
      return c.json(await listPlanFeatures(db, id));
    })
    .post('/:id/features/import', validate('param', planIdParam), validate('query', repairQuery),
      bodyLimit({
        maxSize: MAX_IMPORT_BYTES,
        onError: (c) => problemResponse(c, { ...planProblemTypes.tooLarge, status: 413, detail: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`, errors: [{ pointer: '#', detail: 'too large' }] }),
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { repair } = c.req.valid('query');
        let body: unknown;
        try {
          body = JSON.parse(await c.req.text());
        } catch {
          throw invalidImport([{ index: null, reason: 'the file is not valid JSON' }], 'single');
        }
        const shape = typeof body === 'object' && body !== null && 'features' in body ? 'collection' : 'single';
        const parsed = parsePlanImport(body);
        if (!parsed.ok) throw invalidImport(parsed.issues, shape);
        const prepared = parsed.features.map((f) => ({ f, r: importedFields(f) }));
        const issues = prepared.flatMap(({ r }) => ('issue' in r ? [r.issue] : []));
        if (issues.length) throw invalidImport(issues, shape);
        const features = prepared.map(({ f, r }) => ({ index: f.index, geometry: f.geometry, fields: (r as Exclude<typeof r, { issue: unknown }>).fields }));
        const { result, plan } = await writePlan(c, id, 'plan.import', async (trx, before) => {
          const outcome = await storeImportedFeatures(trx, before, features, parsed.srid, repair, planActor(planCallerOf(c)));
          if ('issues' in outcome) throw invalidImport(outcome.issues, shape);
          return { result: outcome, details: { featureIds: outcome.featureIds, srid: parsed.srid, repaired: outcome.repaired.map((r) => r.index) } };
        });
        withEtag(c, plan.version);
        return c.json({ planVersion: plan.version, ...result }, 201);
      })
    .post('/:id/features', validate('param', planIdParam), validate('query', repairQuery), validate('json', createFeatureBody), async (c) => {
      const { id } = c.req.valid('param');
      const { repair } = c.req.valid('query');
      const { geometry, ...fields } = c.req.valid('json');
      bodyGeometry(geometry, fields.kind);
      const { result, plan } = await writePlan(c, id, 'plan.feature.create', async (trx, before) => {
        const { repaired } = await postgisGeometry(trx, geometry, fields.kind, repair);
        const fid = await insertPlanFeature(trx, id, fields, { geometry, srid: 4326, repair: repaired !== null }, planActor(planCallerOf(c)));
        const feature = (await getPlanFeature(trx, id, fid))!;
        return { result: { feature, repaired, warnings: await outsideWarnings(trx, before, [fid]) }, details: { featureId: fid, repaired: repaired !== null } };
      });
      withEtag(c, plan.version);
      return c.json({ planVersion: plan.version, ...result }, 201);
    })
    .patch('/:id/features/:fid', validate('param', featureIdParam), validate('query', repairQuery), validate('json', patchFeatureBody), async (c) => {
      const { id, fid } = c.req.valid('param');
      const { repair } = c.req.valid('query');
      const { geometry, ...fields } = c.req.valid('json');
      const { result, plan } = await writePlan(c, id, 'plan.feature.update', async (trx, before) => {
        const current = await getPlanFeature(trx, id, fid);
        if (!current) throw planNotFound(id, fid);
        const kind = fields.kind ?? current.kind;
        if (geometry) bodyGeometry(geometry, kind);
        else if (fields.kind) {
          const issue = kindGeometryIssue(kind, current.geometry.type);
          if (issue) throw invalidParameters([{ pointer: '#/kind', detail: issue }]);
        }
        const { repaired } = geometry ? await postgisGeometry(trx, geometry, kind, repair) : { repaired: null };
        await updatePlanFeature(trx, id, fid, fields, geometry && { geometry, srid: 4326, repair: repaired !== null }, planActor(planCallerOf(c)));
        const feature = (await getPlanFeature(trx, id, fid))!;
        return { result: { feature, repaired, warnings: geometry ? await outsideWarnings(trx, before, [fid]) : [] }, details: { featureId: fid, fields: Object.keys(c.req.valid('json')) } };
      });
      withEtag(c, plan.version);
      return c.json({ planVersion: plan.version, ...result });
    })
    .delete('/:id/features/:fid', validate('param', featureIdParam), async (c) => {
      const { id, fid } = c.req.valid('param');
      const { plan } = await writePlan(c, id, 'plan.feature.delete', async (trx) => {
        const current = await getPlanFeature(trx, id, fid);
        if (!current) throw planNotFound(id, fid);
        await deletePlanFeature(trx, id, fid);
        return { result: null, details: { featureId: fid, name: current.name } };
      });
      withEtag(c, plan.version);
      return c.body(null, 204);
    });
}
