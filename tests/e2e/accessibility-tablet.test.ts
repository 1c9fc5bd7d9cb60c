import { describeViewsAt } from './accessibility-views';

// WCAG 2.2 AA by axe-core on every view and state of the app at tablet size: see accessibility-views.ts.
describeViewsAt({ name: '768×1024', width: 768, height: 1024 });
