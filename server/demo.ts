import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CATEGORIES } from '../geodata/categories';
import { type DemoDataset, generateDemo } from '../geodata/demo/index';
import { replaceWithDemo } from '../db/demo-store';
import { vacuumIncidents } from '../db/incident-maintenance';
import type { IncidentInput } from '../db/incident-writer';
import type { Database } from '../db/schema';

const BATCH_SIZE = 10_000;
export const DEMO_FORCE = 'synthetic-demo';

/**
 * Generates the seeded synthetic county and replaces whatever is loaded with it. Non-ASB rows get
 * a police.uk-shaped Crime ID (64 hex digits, derived from the seed and row so reloads match);
 * ASB rows have none, as on police.uk.
 */
export async function loadDemo(
  db: Kysely<Database>,
  options: { seed?: number; incidents?: number; onProgress?: (loaded: number, total: number) => void } = {},
): Promise<{ incidents: number; districts: number }> {
  const demo = generateDemo({ seed: options.seed, incidents: options.incidents });
  const { incidents } = await replaceWithDemo(db, {
    description: `Synthetic demo county (seed ${demo.seed}, ${demo.months[0]} to ${demo.months.at(-1)})`,
    districts: demo.districts.map((d) => ({
      code: d.code,
      name: d.name,
      kind: d.kind,
      population: d.population,
      populationYear: d.populationYear,
      geometry: JSON.stringify({ type: 'MultiPolygon', coordinates: d.coordinates }),
    })),
    batches: demoBatches(demo),
    total: demo.incidents.length,
    onProgress: options.onProgress,
  });
  await vacuumIncidents(db);
  return { incidents, districts: demo.districts.length };
}

function* demoBatches(demo: DemoDataset): Generator<IncidentInput[]> {
  const inc = demo.incidents;
  for (let start = 0; start < inc.length; start += BATCH_SIZE) {
    const rows: IncidentInput[] = [];
    for (let i = start; i < Math.min(inc.length, start + BATCH_SIZE); i++) {
      const category = CATEGORIES[inc.categoryIndex[i]!]!.slug;
      const located = !Number.isNaN(inc.easting[i]!);
      const isAsb = category === 'anti-social-behaviour';
      rows.push({
        crimeId: isAsb ? null : createHash('sha256').update(`demo:${demo.seed}:${i}`).digest('hex'),
        month: demo.months[inc.monthIndex[i]!]!,
        category,
        force: DEMO_FORCE,
        location: inc.locationIndex[i]! >= 0 ? demo.locations[inc.locationIndex[i]!]! : null,
        lsoaCode: null,
        lsoaName: null,
        outcome: inc.outcomeIndex[i]! >= 0 ? demo.outcomes[inc.outcomeIndex[i]!]! : null,
        x: located ? inc.easting[i]! : null,
        y: located ? inc.northing[i]! : null,
      });
    }
    yield rows;
  }
}
