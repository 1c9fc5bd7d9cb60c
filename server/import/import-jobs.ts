import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LatLngRing } from '../../db/police-api-store';
import type { Database } from '../../db/schema';
import type { Reporter } from '../progress';
import { ImportError } from './errors';
import { PoliceApiClient, type PoliceApiClientOptions } from './police-api-client';
import { type PoliceApiImportOptions, type PoliceApiMonthReport, importPoliceApi, monthsBetween } from './police-api-import';

export type JobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export type PoliceApiJobRequest = Pick<PoliceApiImportOptions, 'force' | 'from' | 'to' | 'district' | 'replaceDemo'>;

/** What GET /api/imports/jobs/:id answers: a snapshot of one police.uk API job. */
export interface PoliceApiJobView {
  id: string;
  kind: 'police-api';
  state: JobState;
  request: { force: string; from: string; to: string; district: string | null };
  startedAt: string;
  finishedAt: string | null;
  cancelRequested: boolean;
  months: { total: number; done: number; current: string | null };
  /** Areas answered so far in the current month (an area refused as too big is split into four). */
  areas: number;
  requests: number;
  retries: number;
  rowsLoaded: number;
  rowsRejected: number;
  errors: string[];
  /** One report per month finished (or failed), in month order, as the CLI prints them. */
  reports: PoliceApiMonthReport[];
}

/** Another job is running: the API answers 409 naming it. */
export class JobBusy extends Error {
  constructor(readonly running: PoliceApiJobView) {
    super(`police.uk API job ${running.id} is still running`);
  }
}

const CANCELLED = 'cancelled by the analyst';

/** A client that refuses further requests once cancelled, so a month stops at its next request. */
class CancellableClient extends PoliceApiClient {
  constructor(options: PoliceApiClientOptions, private readonly signal: AbortSignal) {
    super(options);
  }

  override async crimesStreet(ring: LatLngRing, month: string): Promise<unknown[]> {
    if (this.signal.aborted) throw new ImportError(CANCELLED);
    return super.crimesStreet(ring, month);
  }
}

interface Job {
  view: PoliceApiJobView;
  abort: AbortController;
}

/**
 * Runs police.uk API imports in the background for the browser, one at a time, keeping the last
 * few jobs' progress in memory. Each month is imported by `importPoliceApi` on its own, so progress
 * and rows appear month by month and a cancel takes effect at the next request (the month under
 * way then fails with nothing of it loaded; months already finished stay).
 */
export class PoliceApiJobs {
  readonly #jobs = new Map<string, Job>();
  #running: Job | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clientOptions: PoliceApiClientOptions,
    private readonly keep = 20,
  ) {}

  /** Starts a job, or throws JobBusy while another runs. The request is assumed validated. */
  start(request: PoliceApiJobRequest): PoliceApiJobView {
    if (this.#running) throw new JobBusy(this.#running.view);
    const months = monthsBetween(request.from, request.to);
    const view: PoliceApiJobView = {
      id: randomBytes(6).toString('hex'),
      kind: 'police-api',
      state: 'running',
      request: { force: request.force, from: request.from, to: request.to, district: request.district ?? null },
      startedAt: new Date().toISOString(),
      finishedAt: null,
      cancelRequested: false,
      months: { total: months.length, done: 0, current: months[0] ?? null },
      areas: 0,
      requests: 0,
      retries: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
      errors: [],
      reports: [],
    };
    const abort = new AbortController();
    const job: Job = { view, abort };
    this.#running = job;
    void this.#run(job, request, months);
    this.#jobs.set(view.id, job);
    for (const id of [...this.#jobs.keys()].slice(0, Math.max(0, this.#jobs.size - this.keep))) this.#jobs.delete(id);
    return this.#snapshot(job);
  }

  get(id: string): PoliceApiJobView | undefined {
    const job = this.#jobs.get(id);
    return job && this.#snapshot(job);
  }

  /** Latest first. */
  list(): PoliceApiJobView[] {
    return [...this.#jobs.values()].reverse().map((j) => this.#snapshot(j));
  }

  cancel(id: string): PoliceApiJobView | undefined {
    const job = this.#jobs.get(id);
    if (!job) return undefined;
    if (job.view.state === 'running') {
      job.view.cancelRequested = true;
      job.abort.abort();
    }
    return this.#snapshot(job);
  }

  #snapshot(job: Job): PoliceApiJobView {
    return structuredClone(job.view);
  }

  async #run(job: Job, request: PoliceApiJobRequest, months: string[]): Promise<void> {
    const view = job.view;
    const client = new CancellableClient(this.clientOptions, job.abort.signal);
    const reporter: Reporter = {
      info: () => {},
      progress: () => ({ update: (done) => void ((view.areas = done), this.#counters(view, client)), done: () => {} }),
    };
    try {
      for (const month of months) {
        if (job.abort.signal.aborted) throw new ImportError(CANCELLED);
        view.months.current = month;
        view.areas = 0;
        let reports: PoliceApiMonthReport[];
        try {
          reports = await importPoliceApi(this.db, client, {
            force: request.force, from: month, to: month, district: request.district, replaceDemo: request.replaceDemo, reporter,
          });
        } catch (error) {
          view.reports.push(...((error as { reports?: PoliceApiMonthReport[] }).reports ?? []));
          throw error;
        }
        view.reports.push(...reports);
        for (const r of reports) {
          view.rowsLoaded += r.rowsLoaded;
          view.rowsRejected += r.rowsRejected;
        }
        view.months.done++;
        this.#counters(view, client);
      }
      view.state = 'succeeded';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      view.state = job.abort.signal.aborted ? 'cancelled' : 'failed';
      view.errors.push(message);
      if (!(error instanceof ImportError)) console.error(`police.uk API job ${view.id} failed:`, error);
    } finally {
      this.#counters(view, client);
      view.months.current = null;
      view.finishedAt = new Date().toISOString();
      this.#running = null;
    }
  }

  #counters(view: PoliceApiJobView, client: PoliceApiClient): void {
    view.requests = client.requests;
    view.retries = client.retries;
  }
}
