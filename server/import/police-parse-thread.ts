import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ImportError } from './errors';
import type { PoliceCopyBatchHandlers, PoliceCopyBatchOptions, PoliceCopyResult } from './police-copy-batches';

/**
 * policeCopyBatches on a worker thread. On one thread, parsing and COPY took turns: of a
 * 1,000,000-row import's 16 s file phase, the server's COPY took 9.3 s and the parser about 4 s,
 * and little of them overlapped. With the parser on the machine's other core, the main thread only
 * reads the file, answers the parser's `locate` calls and sends its batches to the database.
 *
 * The worker runs plain JavaScript: its module and what it imports are bundled once per process by
 * esbuild (~0.1 s), because a worker cannot load TypeScript through tsx's loader (Node 20 does
 * not pass the loader on to worker threads). Starting it costs ~0.1–0.2 s more, which is why the
 * import keeps small files on its own thread (parserFor in police-import.ts).
 */
export async function policeCopyBatchesOnWorker(
  source: Readable, options: PoliceCopyBatchOptions, handlers: WorkerHandlers,
): Promise<PoliceCopyResult> {
  const worker = new Worker(await workerCode(), { eval: true, workerData: options });
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const post = (message: ToParser) => worker.postMessage(message);
  try {
    return await new Promise<PoliceCopyResult>((resolve, reject) => {
      const answer = (id: number, work: Promise<unknown>) =>
        work.then((value) => post({ kind: 'reply', id, value }), reject);
      let settled = false;
      const finish = <T>(settle: (value: T) => void) => (value: T) => {
        settled = true;
        settle(value);
      };
      resolve = finish(resolve);
      reject = finish(reject);
      worker.on('message', (message: FromParser) => {
        // Nothing more is done for a parser whose import has ended (it is being terminated).
        if (settled) return;
        switch (message.kind) {
          case 'pull':
            chunks.next().then(({ done, value }) => {
              if (done) return post({ kind: 'end' });
              // A copy of just this chunk, moved rather than cloned (a chunk may view a larger buffer).
              const bytes = new Uint8Array(value);
              worker.postMessage({ kind: 'bytes', bytes } satisfies ToParser, [bytes.buffer]);
            }, reject);
            break;
          case 'locate':
            answer(message.id, handlers.locate(message.points));
            break;
          case 'batch':
            answer(message.id, handlers.emit(message.bytes));
            break;
          case 'progress':
            handlers.onProgress?.(message.bytes, message.records);
            break;
          case 'done':
            resolve(message.result);
            break;
          case 'failed': {
            const error = message.importError ? new ImportError(message.message) : new Error(`import parser thread: ${message.message}`);
            if (message.stack && !message.importError) error.stack = message.stack;
            reject(error);
          }
        }
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`import parser thread stopped (exit code ${code})`)));
    });
  } finally {
    await worker.terminate();
    source.destroy();
  }
}

/** As policeCopyBatches's, but each batch comes as UTF-8 bytes (encoded on the worker, moved, written as they are). */
export type WorkerHandlers = Omit<PoliceCopyBatchHandlers, 'emit'> & { emit: (bytes: Uint8Array) => Promise<void> };

/** A request the parser waits on; its answer comes back as a `reply` with the same id. */
export type ParserRequest = { kind: 'locate'; points: Array<[number, number]> } | { kind: 'batch'; bytes: Uint8Array };

/** Messages from the parser thread. */
export type FromParser =
  | { kind: 'pull' }
  | (ParserRequest & { id: number })
  | { kind: 'progress'; bytes: number; records: number }
  | { kind: 'done'; result: PoliceCopyResult }
  | { kind: 'failed'; importError: boolean; message: string; stack?: string | undefined };

/** Messages to the parser thread: the file's bytes as it asks for them, and answers. */
export type ToParser = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'end' } | { kind: 'reply'; id: number; value: unknown };

let bundled: Promise<string> | undefined;

function workerCode(): Promise<string> {
  bundled ??= import('esbuild')
    .then(({ build }) =>
      build({
        entryPoints: [fileURLToPath(new URL('./police-parse-worker.ts', import.meta.url))],
        bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent',
      }),
    )
    .then((result) => result.outputFiles[0]!.text);
  bundled.catch(() => {
    bundled = undefined; // try again next time
  });
  return bundled;
}
