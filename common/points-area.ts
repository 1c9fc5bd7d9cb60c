// The largest view the incident-points API answers, and how its area is measured: the server
// refuses a larger box, and the client asks for at most a share of it.

/** Largest view answered (km²): a wide screen at street zoom (14) is about 130 km². */
export const MAX_POINTS_AREA_KM2 = 250;

const KM_PER_DEGREE_LAT = 110.574;
const KM_PER_DEGREE_LON_AT_EQUATOR = 111.32;

/** Area of a [west, south, east, north] lon/lat box in km² (equirectangular at its middle latitude; ample for a screen). */
export function boxAreaKm2([w, s, e, n]: readonly [number, number, number, number]): number {
  const midLat = ((s + n) / 2) * (Math.PI / 180);
  return (e - w) * KM_PER_DEGREE_LON_AT_EQUATOR * Math.cos(midLat) * (n - s) * KM_PER_DEGREE_LAT;
}
