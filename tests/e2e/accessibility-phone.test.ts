import { describeViewsAt } from './accessibility-views';

// WCAG 2.2 AA by axe-core on every view and state of the app at phone size: see accessibility-views.ts.
describeViewsAt({ name: '390×844', width: 390, height: 844 });
