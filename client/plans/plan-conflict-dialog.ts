import { el, errorText } from '../panels/dom';
import type { OpenPlan } from './open-plan';
import { type PlanWithFeatures, fetchPlan } from './plan-api';
import { planChanges } from './plan-model';

export interface ConflictActions {
  /** Opens the plan as read again, replacing the officer's edits. */
  reopen(current: OpenPlan): void;
  /** Reads the plan again (when it could not be read for the dialog). */
  reload(): Promise<void>;
  say(text: string): void;
}

/**
 * After a write refused as stale (412, or 409): reads the current plan and says in `box` what
 * changed since `mine` was read (plan fields, features added, removed or changed, and who changed
 * it last). The officer's edits stay in the form until "Reload the plan".
 */
export async function showConflict(box: HTMLElement, mine: PlanWithFeatures, actions: ConflictActions): Promise<void> {
  let lines = ['It could not be read again.'];
  let current: OpenPlan | null = null;
  try {
    current = await fetchPlan(mine.id);
    lines = planChanges(mine, current.plan);
  } catch (error) {
    lines = [`It could not be read again: ${errorText(error)}`];
  }
  const reload = el('button', { type: 'button' }, 'Reload the plan');
  reload.addEventListener('click', () => {
    if (current) actions.reopen(current);
    else void actions.reload();
    actions.say('Plan reloaded: apply your change again if it is still needed.');
  });
  box.replaceChildren(
    el('p', {}, el('strong', {}, 'Not saved: someone else changed this plan since you opened it.')),
    el('ul', {}, ...lines.map((l) => el('li', {}, l))),
    el('p', {}, 'Your edits are still in the form. Reload to see the current plan, then apply them again.'),
    reload,
  );
  box.hidden = false;
  reload.focus();
}
