import { prefetchAnalysis, prefetchSetup } from './early-requests';
import { showSignInIfNeeded } from './sign-in';

// The page's entry: start the analysis and setup requests first, then load the map application,
// whose MapLibre and deck.gl bundles take a few hundred milliseconds to fetch and parse.
prefetchAnalysis();
prefetchSetup();
// Where reading needs a sign-in and nobody is signed in, the sign-in form replaces the app.
void showSignInIfNeeded().then((shown) => {
  if (!shown) void import('./main');
});
