import type { PlanWithFeatures } from './plan-api';

/** The plan open in the Plans panel, with the ETag every write must name. */
export interface OpenPlan {
  plan: PlanWithFeatures;
  etag: string;
}

/** What the parts of the open plan's page (feature editor, upload) share with the panel. */
export interface PlanPage {
  /** The open plan, or null. */
  current(): OpenPlan | null;
  /** Runs a write with the open plan's ETag; a stale version shows the conflict instead. Null when it failed. */
  write<T>(label: string, fn: (etag: string) => Promise<{ body: T; etag: string }>): Promise<{ value: T } | null>;
  /** After a write: the plan as stored now (version, features), into the page and the map. */
  reload(): Promise<void>;
  /** A line in the panel's status. */
  say(text: string): void;
  /** The open plan's section, whose boxes (#feature-editor, #plan-import-result) the parts fill. */
  box: HTMLElement;
}
