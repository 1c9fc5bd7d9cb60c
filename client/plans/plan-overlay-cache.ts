import type { Requests } from '../controller/request-sequencer';
import type { Store } from '../state/store';
import { type PlanWithFeatures, fetchPlan } from './plan-api';
import type { PlanOverlay } from './plan-layers';

export interface OverlayCache {
  /** A plan read (opened or written): its overlay is drawn from this copy. */
  remember(plan: PlanWithFeatures): void;
  get(id: number): PlanWithFeatures | undefined;
  /** Publishes the overlays of the plans the view shows, reading those not read yet; `force` after a plan changed. */
  refresh(force?: boolean): void;
}

/** The plans shown on the map (the view's `planOverlays`), read once each and published to the map. */
export function createOverlayCache(store: Store, requests: Requests, onOverlays: (overlays: PlanOverlay[]) => void): OverlayCache {
  const cache = new Map<number, PlanWithFeatures>();
  let shown = '';
  return {
    remember: (plan) => void cache.set(plan.id, plan),
    get: (id) => cache.get(id),
    refresh(force = false) {
      const ids = store.get().planOverlays;
      const key = ids.join(',');
      if (key === shown && !force) return;
      shown = key;
      const missing = ids.filter((id) => !cache.has(id));
      const publish = () => onOverlays(ids.flatMap((id) => {
        const plan = cache.get(id);
        return plan ? [{ planId: id, title: plan.title, features: plan.features }] : [];
      }));
      publish();
      if (!missing.length) return;
      void (async () => {
        const outcome = await requests.request('plan-overlays', () => Promise.all(missing.map((id) => fetchPlan(id).then((r) => r.plan, () => null))));
        if (outcome.status !== 'done') return;
        for (const plan of outcome.value) if (plan) cache.set(plan.id, plan);
        if (store.get().planOverlays.join(',') === key) publish();
      })();
    },
  };
}
