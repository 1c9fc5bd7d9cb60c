import { fetchSession } from './api';

/**
 * Shows the links only admins can use (the audit log) once the server says the caller is one.
 * Hiding them from others is for clarity, not security: the server refuses them anyway.
 */
export async function showAdminLinks(): Promise<void> {
  const who = await fetchSession().catch(() => undefined);
  if (!who?.signedIn || who.role !== 'admin') return;
  for (const link of document.querySelectorAll<HTMLElement>('[data-admin-only]')) link.hidden = false;
}
