import { type ViewState, parseViewState, serializeViewState } from './view-state';

type Listener = (state: ViewState, previous: ViewState) => void;

/**
 * The one store of view state, mirrored to the URL query: every change pushes a history entry
 * (so back/forward step through views), and popstate restores the view from the URL. The map
 * camera lives in the `#map=` hash, which MapLibre maintains; we keep the hash as it is.
 */
export class Store {
  private state: ViewState;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly win: Window = window) {
    this.state = parseViewState(win.location.search);
    win.addEventListener('popstate', () => this.replace(parseViewState(win.location.search)));
  }

  get(): ViewState {
    return this.state;
  }

  /** Applies a change, records it in history, and tells subscribers. */
  update(change: Partial<ViewState>): void {
    const next = { ...this.state, ...change };
    const query = serializeViewState(next);
    if (query === serializeViewState(this.state)) return;
    const { pathname, hash } = this.win.location;
    this.win.history.pushState(null, '', `${pathname}${query ? `?${query}` : ''}${hash}`);
    this.replace(next);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private replace(next: ViewState): void {
    const previous = this.state;
    this.state = next;
    for (const listener of this.listeners) listener(next, previous);
  }
}
