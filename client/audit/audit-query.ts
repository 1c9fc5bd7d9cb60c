/**
 * The audit page's state, mirrored to its URL so a filtered view can be bookmarked or shared
 * between admins: the filters GET /api/audit-log takes, the page size, and `before` (the id the
 * current page starts below; absent on the newest page). Pure: unit tested in Node.
 */
export interface AuditView {
  action: string;
  actor: string;
  from: string;
  to: string;
  size: number;
  before?: string;
}

export const PAGE_SIZES = [10, 25, 50, 100, 200] as const;
const DEFAULT_SIZE = 25;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[1-9]\d{0,18}$/;

/** The view a URL query asks for; anything malformed is dropped (the server would refuse it). */
export function viewFromSearch(search: string): AuditView {
  const q = new URLSearchParams(search);
  const size = Number(q.get('size'));
  const day = (name: string) => (DAY.test(q.get(name) ?? '') ? q.get(name)! : '');
  const before = q.get('before') ?? '';
  return {
    action: q.get('action')?.trim().toLowerCase() ?? '',
    actor: q.get('actor')?.trim() ?? '',
    from: day('from'),
    to: day('to'),
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
    ...(ID.test(before) ? { before } : {}),
  };
}

/** The filters alone (no paging), as query parameters: the CSV download uses these. */
export function filterParams(view: AuditView): Record<string, string> {
  const params: Record<string, string> = {};
  if (view.action) params.action = view.action;
  if (view.actor) params.actor = view.actor;
  if (view.from) params.from = view.from;
  if (view.to) params.to = view.to;
  return params;
}

/** The URL query of the view (default page size left out). */
export function searchOf(view: AuditView): string {
  const params = new URLSearchParams(filterParams(view));
  if (view.size !== DEFAULT_SIZE) params.set('size', String(view.size));
  if (view.before) params.set('before', view.before);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The API query of one page. One row more than the page is asked for: its presence says an older
 * page exists, without a count over the whole log.
 */
export function pageQuery(view: AuditView): Record<string, string> & { limit: string } {
  return { ...filterParams(view), limit: String(view.size + 1), ...(view.before ? { before: view.before } : {}) };
}
