import type { Kysely } from 'kysely';
import { syntheticDemoPresent } from '../../db/demo-store';
import type { Database } from '../../db/schema';
import { DemoPresentError } from './errors';

/** Throws DemoPresentError when the synthetic demo is loaded and `replaceDemo` does not allow removing it. */
export async function requireDemoConsent(db: Kysely<Database>, replaceDemo: boolean | undefined): Promise<void> {
  if (!replaceDemo && (await syntheticDemoPresent(db))) throw new DemoPresentError();
}
