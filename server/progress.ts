/** Progress for long work on a terminal: a redrawn line on a TTY, occasional lines otherwise. */
export interface Progress {
  update: (done: number, total?: number) => void;
  done: () => void;
}

export interface Reporter {
  info: (message: string) => void;
  progress: (label: string, unit: string) => Progress;
}

export function consoleReporter(stream: NodeJS.WriteStream = process.stderr): Reporter {
  return {
    info: (message) => stream.write(`${message}\n`),
    progress: (label, unit) => {
      const started = performance.now();
      let lastDraw = 0;
      let line = '';
      let shown = '';
      const draw = (done: number, total?: number) => {
        const seconds = (performance.now() - started) / 1000;
        const rate = seconds > 0 ? done / seconds : 0;
        const parts = [`${label}: ${done.toLocaleString('en-GB')}${total ? ` / ${total.toLocaleString('en-GB')}` : ''} ${unit}`];
        if (total) parts.push(`${Math.floor((100 * done) / total)}%`);
        parts.push(`${Math.round(rate).toLocaleString('en-GB')} ${unit}/s`);
        if (total && rate > 0 && done < total) parts.push(`ETA ${Math.ceil((total - done) / rate)} s`);
        line = parts.join('  ');
      };
      return {
        update: (done, total) => {
          draw(done, total);
          const now = performance.now();
          if (stream.isTTY) stream.write(`\r${line}\x1b[K`);
          else if (now - lastDraw > 2000) stream.write(`${line}\n`);
          else return;
          lastDraw = now;
          shown = line;
        },
        done: () => {
          if (stream.isTTY) stream.write('\n');
          else if (line && line !== shown) stream.write(`${line}\n`);
        },
      };
    },
  };
}
