/**
 * Map points already located (their COPY tails, from locatePoints), kept across the files of one
 * import command. police.uk snaps a force's crimes to the same few thousand points month after
 * month: the sixteen Lancashire months hold 111,783 points month by month but 21,701 distinct, so
 * all but a fifth of the lookups, each a reprojection and a point-in-polygon test in PostGIS, can
 * be answered here.
 *
 * A tail depends only on the point and the districts, so the whole cache is dropped when the
 * districts change (useDistricts, with the digest of districtsVersion read in each file's
 * transaction), and when it would pass `limit` points (a national import of many forces): about
 * 250 bytes a point, so the default holds ~25 MB at most.
 */
export class LocatedPoints {
  readonly #limit: number;
  #districts: string | undefined;
  /** Tails by longitude, then latitude (numbers as keys, as the parser keys its points). */
  #tails = new Map<number, Map<number, string>>();
  #size = 0;

  constructor(limit = 100_000) {
    this.#limit = limit;
  }

  /** Points held now. */
  get size(): number {
    return this.#size;
  }

  /** Keeps the tails only if they were located against the same districts (a districtsVersion digest). */
  useDistricts(version: string): void {
    if (version !== this.#districts) this.#clear();
    this.#districts = version;
  }

  /** Each point's tail, in order: those held from here, the rest from `query` (called only when some are new). */
  async locate(points: ReadonlyArray<readonly [number, number]>, query: (points: Array<readonly [number, number]>) => Promise<string[]>): Promise<string[]> {
    const tails = new Array<string>(points.length);
    const missing: number[] = [];
    for (let i = 0; i < points.length; i++) {
      const [lon, lat] = points[i]!;
      const tail = this.#tails.get(lon)?.get(lat);
      if (tail === undefined) missing.push(i);
      else tails[i] = tail;
    }
    if (missing.length === 0) return tails;
    const found = await query(missing.map((i) => points[i]!));
    if (this.#size + missing.length > this.#limit) this.#clear();
    missing.forEach((i, k) => {
      const [lon, lat] = points[i]!;
      tails[i] = found[k]!;
      let byLatitude = this.#tails.get(lon);
      if (!byLatitude) this.#tails.set(lon, (byLatitude = new Map()));
      if (!byLatitude.has(lat)) this.#size++;
      byLatitude.set(lat, found[k]!);
    });
    return tails;
  }

  #clear(): void {
    this.#tails = new Map();
    this.#size = 0;
  }
}
