import { describe, expect, it } from 'vitest';
import { RequestSequencer } from './request-sequencer';

/** A request whose answer the test releases by hand, recording the signal it was given. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  let signal: AbortSignal | undefined;
  const fn = (s: AbortSignal) => {
    signal = s;
    return promise;
  };
  return { fn, resolve, reject, signal: () => signal! };
}

describe('RequestSequencer', () => {
  it('answers the newest request of a key and reports the overtaken one stale, even if it answers last', async () => {
    const requests = new RequestSequencer();
    const first = deferred<string>();
    const second = deferred<string>();
    const firstOutcome = requests.request('analysis', first.fn);
    const secondOutcome = requests.request('analysis', second.fn);
    second.resolve('new');
    first.resolve('old');
    expect(await secondOutcome).toEqual({ status: 'done', value: 'new' });
    expect(await firstOutcome).toEqual({ status: 'stale' });
  });

  it('aborts the previous request of the same key, not the requests of other keys', () => {
    const requests = new RequestSequencer();
    const analysis = deferred<string>();
    const points = deferred<string>();
    void requests.request('analysis', analysis.fn);
    void requests.request('points', points.fn);
    void requests.request('analysis', deferred<string>().fn);
    expect(analysis.signal().aborted).toBe(true);
    expect(points.signal().aborted).toBe(false);
  });

  it('reports a failure of the current request, and a failure of an overtaken one as stale', async () => {
    const requests = new RequestSequencer();
    const old = deferred<string>();
    const current = deferred<string>();
    const oldOutcome = requests.request('details', old.fn);
    const currentOutcome = requests.request('details', current.fn);
    old.reject(new Error('aborted'));
    current.reject(new Error('500 Internal Server Error'));
    expect(await oldOutcome).toEqual({ status: 'stale' });
    const outcome = await currentOutcome;
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && (outcome.error as Error).message).toBe('500 Internal Server Error');
  });

  it('cancel aborts the request in flight and makes its answer stale', async () => {
    const requests = new RequestSequencer();
    const preview = deferred<number>();
    const outcome = requests.request('patrol-preview', preview.fn);
    expect(requests.pending('patrol-preview')).toBe(true);
    requests.cancel('patrol-preview');
    expect(preview.signal().aborted).toBe(true);
    expect(requests.pending('patrol-preview')).toBe(false);
    preview.resolve(3);
    expect(await outcome).toEqual({ status: 'stale' });
  });

  it('forgets a settled request: the key is free and a later cancel aborts nothing', async () => {
    const requests = new RequestSequencer();
    const done = deferred<number>();
    const outcome = requests.request('sets', done.fn);
    done.resolve(1);
    expect(await outcome).toEqual({ status: 'done', value: 1 });
    expect(requests.pending('sets')).toBe(false);
    requests.cancel('sets');
    expect(done.signal().aborted).toBe(false);
  });
});
