import { prefetchAnalysis, prefetchSetup } from './early-requests';

// The page's entry: start the analysis and setup requests first, then load the map application,
// whose MapLibre and deck.gl bundles take a few hundred milliseconds to fetch and parse.
prefetchAnalysis();
prefetchSetup();
void import('./main');
