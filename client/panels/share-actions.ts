import type { Map as MapLibreMap } from 'maplibre-gl';
import { composeExport, downloadCanvas } from '../export-png';
import type { LayerData } from '../map/build-layers';
import type { Store } from '../state/store';
import { legendModel, whatLabel } from './legend-model';

export interface ShareContext {
  map: MapLibreMap;
  store: Store;
  data: LayerData;
  /** Printed on the PNG when the data is the synthetic demo. */
  syntheticNote?: string;
}

/** "Export map as PNG" (the map with its title, legend and attribution) and "Copy link to this view". */
export function wireShareActions({ map, store, data, syntheticNote }: ShareContext): void {
  document.getElementById('export-png')!.addEventListener('click', async () => {
    const state = store.get();
    const sections = legendModel(state, data);
    const r = data.analysis?.response;
    const title = r ? `${sections[0]?.title ?? 'hotspot-atlas'}: ${whatLabel(r.parameters)}` : 'hotspot-atlas';
    map.triggerRepaint();
    await new Promise<void>((resolve) => map.once('render', () => resolve()));
    const attribution = document.querySelector('.maplibregl-ctrl-attrib-inner')?.textContent ?? '';
    const canvas = composeExport({ mapCanvas: map.getCanvas(), title, sections, attribution, note: syntheticNote });
    const date = new Date().toISOString().slice(0, 10);
    await downloadCanvas(canvas, `hotspot-atlas-${state.mode}-${date}.png`);
  });
  document.getElementById('copy-link')!.addEventListener('click', async () => {
    const status = document.getElementById('copy-status')!;
    try {
      await navigator.clipboard.writeText(location.href);
      status.textContent = 'Link copied: it reopens this view.';
    } catch {
      status.textContent = `Copy this link: ${location.href}`;
    }
  });
}
