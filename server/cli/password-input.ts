import { CliError } from './cli-error';

/** Where a password comes from: all of standard input (scripts), or a prompt on the terminal. */
export type ReadPassword = (source: 'stdin' | 'prompt', question: string) => Promise<string>;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is the end of the line `echo` or a file gives, not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it (raw mode, so the password never shows). */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new CliError('Cancelled.'));
          return;
        }
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

export const terminalPassword: ReadPassword = async (source, question) => {
  if (source === 'stdin') return readStdin();
  if (!process.stdin.isTTY) {
    throw new CliError('No terminal to ask for the password on: pass --password-stdin and write the password to standard input.');
  }
  const first = await promptHidden(question);
  const again = await promptHidden('Again, to confirm: ');
  if (first !== again) throw new CliError('The two passwords differ: nothing was changed.');
  return first;
};
