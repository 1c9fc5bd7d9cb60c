import './sign-in.css';

interface SessionState {
  signedIn: boolean;
  readAccess: 'public' | 'authenticated';
}

/**
 * Shows the sign-in form instead of the app when the server says reading needs a sign-in and
 * nobody is signed in; true when it did. Any failure to ask falls through to the app, whose own
 * error reporting then explains what is wrong.
 */
export async function showSignInIfNeeded(): Promise<boolean> {
  let state: SessionState;
  try {
    const res = await fetch('/api/session', { headers: { accept: 'application/json' } });
    if (!res.ok) return false;
    state = (await res.json()) as SessionState;
  } catch {
    return false;
  }
  if (state.signedIn || state.readAccess !== 'authenticated') return false;
  document.getElementById('app')!.hidden = true;
  document.getElementById('sign-in')!.hidden = false;
  const form = document.getElementById('sign-in-form') as HTMLFormElement;
  const error = document.getElementById('sign-in-error')!;
  form.querySelector<HTMLInputElement>('input[name="name"]')!.focus();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit(form, error);
  });
  return true;
}

async function submit(form: HTMLFormElement, error: HTMLElement): Promise<void> {
  const data = new FormData(form);
  const button = form.querySelector('button')!;
  button.disabled = true;
  error.hidden = true;
  try {
    const res = await fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: data.get('name'), password: data.get('password') }),
    });
    if (res.ok) {
      location.reload();
      return;
    }
    const problem = (await res.json().catch(() => ({}))) as { detail?: string };
    error.textContent = problem.detail ?? `Sign-in failed (HTTP ${res.status}).`;
  } catch {
    error.textContent = 'The server cannot be reached.';
  }
  error.hidden = false;
  button.disabled = false;
}
