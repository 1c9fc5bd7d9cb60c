/**
 * Web Mercator ("slippy map") tile coordinates, fractional, at zoom z (2^z tiles a side, y down):
 *
 *   x = (lon + 180) / 360 · 2^z
 *   y = (1 − ln(tan φ + sec φ) / π) / 2 · 2^z,   φ = lat in radians
 *
 * and their inverses lon = x / 2^z · 360 − 180, lat = atan(sinh(π (1 − 2y / 2^z))) in degrees.
 * Source: OpenStreetMap wiki, "Slippy map tilenames" (the scheme MapLibre, ST_TileEnvelope and
 * every XYZ tile server use). Latitudes beyond ±85.0511° (the square's edge) have no tile.
 *
 * @example
 * tileXOfLon(-3.0553, 14); // → 8052.95…  (Math.floor gives the tile column, 8052)
 * tileYOfLat(53.8159, 14); // → 5274.82…  (row 5274)
 */

export const tileXOfLon = (lon: number, z: number): number => ((lon + 180) / 360) * 2 ** z;

export const tileYOfLat = (lat: number, z: number): number => {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
};

export const lonOfTileX = (x: number, z: number): number => (x / 2 ** z) * 360 - 180;

export const latOfTileY = (y: number, z: number): number => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;
