import type { DatabaseHandle } from '../db/connect';
import type { Config } from './config';

/** What every sub-app is built from: no singletons, so tests build an app over a test database. */
export interface AppDeps {
  database: DatabaseHandle;
  config: Config;
  /** Folder of the built client; unset: the API only. */
  clientDir?: string;
}
