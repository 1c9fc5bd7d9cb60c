import type { StyleSpecification } from 'maplibre-gl';
import { offlineStyle } from './offline-style';

export type BasemapChoice =
  | { kind: 'online'; style: StyleSpecification | string }
  | { kind: 'local'; style: StyleSpecification }
  | { kind: 'offline'; style: StyleSpecification; reason: string };

/**
 * Fetches the basemap style ourselves, with a deadline, so an unreachable style server turns
 * into the offline style within seconds instead of a blank map. A deployment that serves its own
 * PMTiles archive (`localArchiveUrl`) uses it at once: it was configured because outside tile
 * hosts are out of reach, so waiting for one would only delay the map.
 */
export async function chooseBasemap(styleUrl: string, timeoutMs: number, localArchiveUrl?: string | null): Promise<BasemapChoice> {
  if (localArchiveUrl) {
    try {
      const { localBasemapStyle } = await import('./local-basemap');
      return { kind: 'local', style: await localBasemapStyle(localArchiveUrl) };
    } catch (error) {
      return { kind: 'offline', style: offlineStyle, reason: `the local basemap failed to load (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(styleUrl, { signal: controller.signal });
    if (!response.ok) throw new Error(`the style server answered ${response.status}`);
    const style = (await response.json()) as StyleSpecification;
    if (style?.version !== 8) throw new Error('the style is not a MapLibre style (version 8)');
    return { kind: 'online', style };
  } catch (error) {
    const reason = controller.signal.aborted
      ? `no answer within ${timeoutMs / 1000} s`
      : error instanceof Error ? error.message : String(error);
    return { kind: 'offline', style: offlineStyle, reason };
  } finally {
    clearTimeout(timer);
  }
}
