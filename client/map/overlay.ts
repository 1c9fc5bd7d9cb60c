import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { AppController } from '../controller/app-controller';
import type { ViewState } from '../state/view-state';
import { buildLayers } from './build-layers';

/**
 * deck.gl interleaved with MapLibre's layers, drawing the controller's data. After each frame it
 * tells the controller which render reached the screen: the frame after setProps draws the new
 * data (tessellation is synchronous), and the next animation frame has it composited.
 */
export function addOverlay(map: MapLibreMap, controller: AppController, state: ViewState): MapLibreOverlay {
  const overlay = new MapLibreOverlay({
    interleaved: true,
    layers: buildLayers(state, controller.data),
    onAfterRender: () => {
      const serial = controller.undrawnSerial();
      if (serial === null || !map.isStyleLoaded()) return;
      requestAnimationFrame(() => controller.frameShown(serial));
    },
  });
  map.addControl(overlay);
  return overlay;
}
