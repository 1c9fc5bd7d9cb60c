import type { Store } from '../state/store';

/**
 * Guards unsaved plan edits: the browser asks before the page is left (`beforeunload`), and the
 * page's tabs ask before the Plans page is (by click or by the tab list's keys). Returns the
 * question the panel asks before it throws edits away itself (another plan opened): true when
 * there are none or the officer agrees.
 */
export function guardUnsavedChanges(store: Store, dirty: () => boolean, discard: () => void): () => boolean {
  const confirmLeave = () => !dirty() || window.confirm('This plan has unsaved changes. Leave without saving them?');
  window.addEventListener('beforeunload', (e) => {
    if (!dirty()) return;
    e.preventDefault();
    e.returnValue = '';
  });
  // Capture: before the tab list switches page.
  const tabs = document.getElementById('tabs');
  const guardTabs = (e: Event) => {
    const target = (e.target as HTMLElement).closest<HTMLElement>('[role="tab"]');
    const leaving = e.type === 'click' ? target && target.dataset.tab !== 'plans' : ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes((e as KeyboardEvent).key);
    if (store.get().tab !== 'plans' || !leaving) return;
    if (confirmLeave()) return discard();
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  tabs?.addEventListener('click', guardTabs, { capture: true });
  tabs?.addEventListener('keydown', guardTabs, { capture: true });
  return confirmLeave;
}
