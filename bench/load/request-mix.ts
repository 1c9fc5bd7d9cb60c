import { mulberry32 } from '../../geodata/seeded-random';
import { tileXOfLon, tileYOfLat } from '../../geodata/web-mercator-tiles';

/** A district of the bench database and the centre (lon/lat) of its busiest square kilometre. */
export interface DistrictSpot { code: string; lon: number; lat: number }

export type RequestKind = 'density' | 'hotspots' | 'points' | 'tiles' | 'profile';

export interface MixRequest { kind: RequestKind; path: string }

const CATEGORY_FILTERS = ['preset=asb', 'preset=serious-violence', 'preset=centurion', 'categories=burglary', 'categories=vehicle-crime,bicycle-theft', ''];
const CELL_SIZES = [250, 500, 1000];
/** Trailing windows (months) ending at the last loaded month or a year before it. */
const WINDOWS = [3, 6, 12, 24];

function addMonths(month: string, k: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/** Slippy-map tile of a lon/lat at zoom z. */
function tileOf(lon: number, lat: number, z: number): { x: number; y: number } {
  return { x: Math.floor(tileXOfLon(lon, z)), y: Math.floor(tileYOfLat(lat, z)) };
}

/**
 * The load test's requests: `distinct` different requests over the mix of kinds (density,
 * hotspots, points, tiles, profile; a fifth each) with filters varied by category, period, cell
 * size, district and place, then a seeded sequence drawing from them with Zipf-like popularity
 * (rank r drawn ∝ 1/r), as real traffic repeats popular views: that is what an analysis cache can
 * answer. The same seed gives the same sequence, so cache on and cache off see the same requests.
 */
export function requestMix(options: { spots: readonly DistrictSpot[]; lastMonth: string; months: number; distinct?: number; seed?: number }): () => MixRequest {
  const { spots, lastMonth, distinct = 400, seed = 15 } = options;
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const kinds: RequestKind[] = ['density', 'hotspots', 'points', 'tiles', 'profile'];
  const pool: MixRequest[] = [];
  for (let k = 0; k < distinct; k++) {
    const kind = kinds[k % kinds.length]!;
    // A fifth a year back (when the data reach that far), every window inside the loaded months.
    const back = random() < 0.2 && options.months > 12 ? 12 : 0;
    const to = addMonths(lastMonth, -back);
    const window = Math.min(pick(WINDOWS), options.months - back);
    const from = addMonths(to, 1 - window);
    const period = `from=${from}&to=${to}`;
    const categories = pick(CATEGORY_FILTERS);
    const filter = [categories, period].filter(Boolean).join('&');
    const spot = pick(spots);
    let path: string;
    if (kind === 'density' || kind === 'hotspots') {
      const district = random() < 0.5 ? `&districts=${spot.code}` : '';
      const smoothing = kind === 'density' && random() < 0.3 ? '&smoothing=kde' : '';
      path = `/api/analysis/${kind}?cellSize=${pick(CELL_SIZES)}&${filter}${district}${smoothing}`;
    } else if (kind === 'points') {
      // About 1.1 × 1.1 km around a busy spot, nudged so views differ.
      const lon = spot.lon + (random() - 0.5) * 0.02;
      const lat = spot.lat + (random() - 0.5) * 0.01;
      const bbox = [lon - 0.008, lat - 0.005, lon + 0.008, lat + 0.005].map((v) => v.toFixed(5)).join(',');
      path = `/api/incidents/points?bbox=${bbox}&${filter}`;
    } else if (kind === 'tiles') {
      const z = pick([13, 14, 15]);
      const { x, y } = tileOf(spot.lon + (random() - 0.5) * 0.02, spot.lat + (random() - 0.5) * 0.01, z);
      path = `/api/tiles/incidents/${z}/${x}/${y}.mvt?${filter}`;
    } else {
      path = `/api/districts/${spot.code}/profile?${filter}`;
    }
    pool.push({ kind, path });
  }
  // Zipf-like popularity over a shuffled pool (so popularity does not follow the kind order).
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 1; r <= pool.length; r++) cumulative.push((total += 1 / r));
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return pool[lo]!;
  };
}
