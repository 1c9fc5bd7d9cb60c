/** A basemap URL nothing answers: the map draws on its offline background, so colours are predictable. */
export const OFFLINE_BASEMAP_URL = 'http://127.0.0.1:9/style.json';

/** The analyst token the browser suites' servers are started with. */
export const E2E_IMPORT_TOKEN = 'e2e-import-token-0123456789';
