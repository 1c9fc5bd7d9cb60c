import { describe, expect, it } from 'vitest';
import { filterParams, pageQuery, searchOf, viewFromSearch } from './audit-query';

describe('audit page view ⇄ URL', () => {
  it('reads filters, page size and position, and writes them back unchanged', () => {
    const search = '?action=patrol-zone&actor=ada&from=2026-11-01&to=2026-12-02&size=50&before=1234';
    const view = viewFromSearch(search);
    expect(view).toEqual({ action: 'patrol-zone', actor: 'ada', from: '2026-11-01', to: '2026-12-02', size: 50, before: '1234' });
    expect(searchOf(view)).toBe(search);
  });

  it('drops what the server would refuse, and leaves defaults out of the URL', () => {
    const view = viewFromSearch('?from=1st+May&to=2026-13&size=7&before=-3&actor=+%20');
    expect(view).toEqual({ action: '', actor: '', from: '', to: '', size: 25 });
    expect(searchOf(view)).toBe('');
  });

  it('asks the API for one row more than a page, and downloads the filters without paging', () => {
    const view = viewFromSearch('?actor=ada&size=100&before=99');
    expect(pageQuery(view)).toEqual({ actor: 'ada', limit: '101', before: '99' });
    expect(filterParams(view)).toEqual({ actor: 'ada' });
  });
});
