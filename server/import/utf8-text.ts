import { Transform, type TransformCallback } from 'node:stream';
import { ImportError } from './errors';

/**
 * Decodes a byte stream as strict UTF-8 (a leading BOM is dropped): invalid bytes fail the stream
 * with the line they are on, instead of turning silently into U+FFFD. Remembers whether the text
 * ends with a newline, which tells a complete last record from a cut-off one.
 */
export class Utf8Text extends Transform {
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  readonly #label: string;
  #line = 1;
  #offset = 0;
  endsWithNewline = false;
  sawText = false;

  constructor(label: string) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
    this.#label = label;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let text: string;
    try {
      text = this.#decoder.decode(chunk, { stream: true });
    } catch {
      callback(this.#invalid(chunk));
      return;
    }
    this.#offset += chunk.length;
    this.#push(text);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.#push(this.#decoder.decode());
      callback();
    } catch {
      callback(new ImportError(`${this.#label}: not UTF-8 text: the file ends inside a multi-byte character (line ${this.#line})`));
    }
  }

  #push(text: string): void {
    if (text.length === 0) return;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.#line++;
    this.sawText = true;
    this.endsWithNewline = text.endsWith('\n');
    this.push(text);
  }

  #invalid(chunk: Buffer): ImportError {
    const lenient = new TextDecoder('utf-8').decode(chunk);
    const bad = Math.max(0, lenient.indexOf('\uFFFD'));
    let line = this.#line;
    for (let i = lenient.indexOf('\n'); i >= 0 && i < bad; i = lenient.indexOf('\n', i + 1)) line++;
    const byte = this.#offset + Buffer.byteLength(lenient.slice(0, bad));
    return new ImportError(
      `${this.#label}: not UTF-8 text: invalid byte sequence on line ${line} (byte ${byte}). ` +
        'police.uk files are UTF-8; re-save the file as UTF-8 (it may be Windows-1252 or Latin-1).',
    );
  }
}
