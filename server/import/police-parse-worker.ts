import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { PoliceCopyBatchOptions } from './police-copy-batches';
import { policeCopyBatches } from './police-copy-batches';
import { ImportError } from './errors';
import type { FromParser, ParserRequest, ToParser } from './police-parse-thread';

// The import's parser thread: reads one street-level file from bytes the main thread sends on
// request, and sends back each batch's COPY text (police-parse-thread.ts starts it and says why).

const port = parentPort!;
const send = (message: FromParser) => port.postMessage(message);
// A failure on the main thread ends this thread (terminate), so a request is only ever answered.
const replies = new Map<number, (value: never) => void>();
let nextRequest = 0;
function request<T>(message: ParserRequest, transfer: ArrayBuffer[] = []): Promise<T> {
  const id = nextRequest++;
  return new Promise<T>((resolve) => {
    replies.set(id, resolve as (value: never) => void);
    port.postMessage({ ...message, id } satisfies FromParser, transfer);
  });
}
const encoder = new TextEncoder();

// Pulled: the stream asks for a chunk only when its buffer runs low, so the file is read no faster than parsed.
const source = new Readable({ read: () => send({ kind: 'pull' }) });

port.on('message', (message: ToParser) => {
  if (message.kind === 'bytes') source.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
  else if (message.kind === 'end') source.push(null);
  else if (message.kind === 'reply') {
    const resolve = replies.get(message.id)!;
    replies.delete(message.id);
    resolve(message.value as never);
  }
});

policeCopyBatches(source, workerData as PoliceCopyBatchOptions, {
  locate: (points) => request({ kind: 'locate', points }),
  // As UTF-8 bytes, moved rather than cloned: the main thread writes them to the socket as they are
  // (a string would be copied twice on the way and then encoded on the main thread).
  emit: (text) => {
    const bytes = encoder.encode(text);
    return request({ kind: 'batch', bytes }, [bytes.buffer]);
  },
  onProgress: (bytes, records) => send({ kind: 'progress', bytes, records }),
}).then(
  (result) => send({ kind: 'done', result }),
  (error: unknown) =>
    send({
      kind: 'failed',
      importError: error instanceof ImportError,
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    }),
);
