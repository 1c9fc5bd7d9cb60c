/**
 * police.uk-style anonymisation points for the demo county. police.uk publishes each crime at
 * the nearest of a fixed set of "snap points", labelled "On or near <street or place>"; here the
 * points are generated with an intensity that follows the settlement pattern (about one point per
 * 120 m × 120 m in town centres, 220 m in suburbs, 900 m in open country), and every incident is
 * moved to its nearest point. Source: https://data.police.uk/about/#anonymisation
 *
 * Placement: a 400 m grid over the county; a cell expecting n = λ·A points (λ per m², A = 0.16 km²)
 * gets a jittered k × k sub-grid with k = round(√n), or one uniform point with probability n when
 * n < 1. Points within 10 m of the county edge or of a district boundary are dropped, so each
 * point lies inside exactly one district. Nearest-point search uses a bucket grid (CSR arrays).
 *
 * @example
 * const snaps = buildSnapPoints(buildGeography());
 * const i = snaps.nearest(410_000, 246_000); // index into snaps.e / snaps.n / snaps.labelIndex
 * snaps.labels[snaps.labelIndex[i]];         // e.g. 'On or near High Street'
 */
import type { Geography, Town } from './geography';
import { ringBbox, ringTester } from './planar';
import { createRng, type Rng } from './prng';

export interface SnapPoints {
  /** EPSG:27700 metres, whole metres. */
  e: Float64Array;
  n: Float64Array;
  /** Index into `labels`; labels repeat across points, as street names do on police.uk. */
  labelIndex: Int32Array;
  labels: string[];
  /** Index of the nearest snap point to (x, y) in metres. */
  nearest(x: number, y: number): number;
}

const GRID_M = 400;
const BUCKET_M = 200;
const MARGIN_M = 10;
const RURAL_PER_M2 = 1 / (900 * 900);
const SUBURB_PER_M2 = 1 / (220 * 220);
const CENTRE_PER_M2 = 1 / (120 * 120) - SUBURB_PER_M2;
const VILLAGE_PER_M2 = 1 / (170 * 170);

const CENTRE_NAMES = [
  'High Street', 'Market Place', 'Market Street', 'Bridge Street', 'Church Street', 'Castle Street',
  'Sheep Street', 'Bull Ring', 'Corn Street', 'Shopping Area', 'Nightclub', 'Parking Area',
  'Supermarket', 'Bus/Coach Station', 'Theatre/Concert Hall', 'Pedestrian Subway',
];
const PLACE_NAMES = [
  'Parking Area', 'Supermarket', 'Petrol Station', 'Sports/Recreation Area', 'Further/Higher Educational Building',
  'Hospital', 'Police Station', 'Shopping Area', 'Conference/Exhibition Centre',
];
const STREET_FIRST = [
  'Church', 'Mill', 'Station', 'Park', 'Victoria', "Queen's", "King's", 'Orchard', 'Meadow', 'Chapel', 'Bridge',
  'Brook', 'Ash', 'Oak', 'Elm', 'Willow', 'Beech', 'Hawthorn', 'School', 'Green', 'Manor', 'Farm', 'Abbey', 'New',
  'West', 'North', 'South', 'East', 'Windmill', 'Quarry', 'Rectory', 'Hollow', 'Fern', 'Heron', 'Kestrel', 'Lark',
  'Moor', 'Vale', 'Canal', 'Wharf', 'Foundry', 'Tannery', 'Cedar', 'Holly', 'Rowan', 'Primrose', 'Bluebell', 'Furlong',
];
const STREET_SUFFIX = [
  'Street', 'Road', 'Lane', 'Close', 'Avenue', 'Way', 'Drive', 'Crescent', 'Gardens', 'Terrace', 'Walk', 'Place',
  'Court', 'Grove', 'Rise', 'View', 'Mews', 'Row',
];

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(list.length)];
}

function intensity(x: number, y: number, geo: Geography): number {
  let lambda = RURAL_PER_M2;
  for (const t of geo.towns) {
    const d2 = (x - t.e) ** 2 + (y - t.n) ** 2;
    lambda += SUBURB_PER_M2 * Math.exp(-d2 / (2 * t.bodySigmaM ** 2)) + CENTRE_PER_M2 * Math.exp(-d2 / (2 * t.coreSigmaM ** 2));
  }
  for (const v of geo.villages) {
    const d2 = (x - v.e) ** 2 + (y - v.n) ** 2;
    if (d2 < 2_000 * 2_000) lambda += VILLAGE_PER_M2 * Math.exp(-d2 / (2 * (350 * Math.sqrt(v.weight)) ** 2));
  }
  return lambda;
}

/** Distance (m) from the point to the Voronoi boundary of its nearest town: min over j of (d_j² − d_i²) / (2·|s_i s_j|). */
function voronoiMargin(x: number, y: number, towns: Town[]): number {
  let best = 0;
  let bestD2 = Infinity;
  for (let i = 0; i < towns.length; i++) {
    const d2 = (x - towns[i].e) ** 2 + (y - towns[i].n) ** 2;
    if (d2 < bestD2) {
      bestD2 = d2;
      best = i;
    }
  }
  let margin = Infinity;
  for (let j = 0; j < towns.length; j++) {
    if (j === best) continue;
    const d2 = (x - towns[j].e) ** 2 + (y - towns[j].n) ** 2;
    margin = Math.min(margin, (d2 - bestD2) / (2 * Math.hypot(towns[j].e - towns[best].e, towns[j].n - towns[best].n)));
  }
  return margin;
}

function labelFor(x: number, y: number, geo: Geography, rng: Rng): string {
  const near = (spots: { e: number; n: number }[], r: number): boolean => spots.some((s) => (x - s.e) ** 2 + (y - s.n) ** 2 < r * r);
  if (near(geo.nightTimeEconomy, 200) && rng.uniform() < 0.3) return 'Nightclub';
  if (near(geo.retailParks, 300) && rng.uniform() < 0.7) return pick(rng, ['Shopping Area', 'Supermarket', 'Parking Area']);
  if (near(geo.towns, 500) && rng.uniform() < 0.6) return pick(rng, CENTRE_NAMES);
  if (rng.uniform() < 0.06) return pick(rng, PLACE_NAMES);
  return `${pick(rng, STREET_FIRST)} ${pick(rng, STREET_SUFFIX)}`;
}

export function buildSnapPoints(geo: Geography): SnapPoints {
  const rng = createRng(0x534e4150);
  const outline = geo.outline;
  const [minX, minY, maxX, maxY] = ringBbox(outline);
  const x0 = Math.floor(minX / GRID_M) * GRID_M;
  const y0 = Math.floor(minY / GRID_M) * GRID_M;
  const cols = Math.ceil((maxX - x0) / GRID_M);
  const rows = Math.ceil((maxY - y0) / GRID_M);

  const xs: number[] = [];
  const ys: number[] = [];
  const names: string[] = [];
  const insideWithMargin = ringTester(outline, 1_000, MARGIN_M);
  const keep = (x: number, y: number): void => {
    if (voronoiMargin(x, y, geo.towns) < MARGIN_M || !insideWithMargin(x, y)) return;
    xs.push(x);
    ys.push(y);
    names.push(`On or near ${labelFor(x, y, geo, rng)}`);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cx = x0 + c * GRID_M;
      const cy = y0 + r * GRID_M;
      const expected = intensity(cx + GRID_M / 2, cy + GRID_M / 2, geo) * GRID_M * GRID_M;
      if (expected < 1) {
        const u = rng.uniform();
        const px = Math.round(cx + rng.uniform() * GRID_M);
        const py = Math.round(cy + rng.uniform() * GRID_M);
        if (u < expected) keep(px, py);
        continue;
      }
      const k = Math.max(1, Math.round(Math.sqrt(expected)));
      const step = GRID_M / k;
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          keep(Math.round(cx + (i + 0.2 + 0.6 * rng.uniform()) * step), Math.round(cy + (j + 0.2 + 0.6 * rng.uniform()) * step));
        }
      }
    }
  }

  const labels: string[] = [];
  const labelIds = new Map<string, number>();
  const labelIndex = new Int32Array(names.length);
  names.forEach((name, i) => {
    let id = labelIds.get(name);
    if (id === undefined) {
      id = labels.length;
      labels.push(name);
      labelIds.set(name, id);
    }
    labelIndex[i] = id;
  });
  const e = Float64Array.from(xs);
  const n = Float64Array.from(ys);
  return { e, n, labelIndex, labels, nearest: bucketSearch(e, n, x0, y0, cols * GRID_M, rows * GRID_M) };
}

/** Nearest neighbour over a bucket grid: scan rings of cells until no unscanned cell can hold a closer point. */
function bucketSearch(e: Float64Array, n: Float64Array, x0: number, y0: number, width: number, height: number): (x: number, y: number) => number {
  const cols = Math.ceil(width / BUCKET_M);
  const rows = Math.ceil(height / BUCKET_M);
  const colOf = (x: number): number => Math.min(cols - 1, Math.max(0, Math.floor((x - x0) / BUCKET_M)));
  const rowOf = (y: number): number => Math.min(rows - 1, Math.max(0, Math.floor((y - y0) / BUCKET_M)));
  const start = new Int32Array(cols * rows + 1);
  for (let i = 0; i < e.length; i++) start[rowOf(n[i]) * cols + colOf(e[i]) + 1]++;
  for (let k = 0; k < cols * rows; k++) start[k + 1] += start[k];
  const fill = start.slice(0, cols * rows);
  const order = new Int32Array(e.length);
  for (let i = 0; i < e.length; i++) order[fill[rowOf(n[i]) * cols + colOf(e[i])]++] = i;
  const maxRing = Math.max(cols, rows);

  return (x, y) => {
    const hc = colOf(x);
    const hr = rowOf(y);
    // Distance from the query to the edge of its own cell: ring r then covers everything nearer than r·BUCKET_M + edge.
    const edge = Math.max(0, Math.min(x - (x0 + hc * BUCKET_M), x0 + (hc + 1) * BUCKET_M - x, y - (y0 + hr * BUCKET_M), y0 + (hr + 1) * BUCKET_M - y));
    let best = -1;
    let bestD2 = Infinity;
    for (let ring = 0; ring <= maxRing; ring++) {
      for (let r = hr - ring; r <= hr + ring; r++) {
        if (r < 0 || r >= rows) continue;
        const step = r === hr - ring || r === hr + ring || ring === 0 ? 1 : 2 * ring;
        for (let c = hc - ring; c <= hc + ring; c += step) {
          if (c < 0 || c >= cols) continue;
          const cell = r * cols + c;
          for (let k = start[cell]; k < start[cell + 1]; k++) {
            const i = order[k];
            const d2 = (e[i] - x) ** 2 + (n[i] - y) ** 2;
            // Ties go to the lower index so the result does not depend on scan order.
            if (d2 < bestD2 || (d2 === bestD2 && i < best)) {
              bestD2 = d2;
              best = i;
            }
          }
        }
      }
      const covered = ring * BUCKET_M + edge;
      if (best >= 0 && bestD2 <= covered * covered) break;
    }
    return best;
  };
}
