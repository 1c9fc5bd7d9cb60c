import type { StyleSpecification } from 'maplibre-gl';
import { offlineStyle } from './offline-style';

export type BasemapChoice =
  | { kind: 'online'; style: StyleSpecification | string }
  | { kind: 'offline'; style: StyleSpecification; reason: string };

/**
 * Fetches the basemap style ourselves, with a deadline, so an unreachable style server turns
 * into the offline style within seconds instead of a blank map.
 */
export async function chooseBasemap(styleUrl: string, timeoutMs: number): Promise<BasemapChoice> {
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
