/**
 * Line-by-line reading of a file that may be gzip'd (k6 gzips its output when the file name ends
 * in `.gz`; we look at the magic bytes, not the name). Memory stays at one chunk plus one line.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/** True when the file starts with the gzip magic bytes 1f 8b. */
export function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** The file's text as a stream, gunzipped when needed. */
export function openText(path: string): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = isGzip(path) ? raw.pipe(createGunzip()) : raw;
  if (stream !== raw) {
    raw.once('error', (err) => stream.destroy(err));
    // Stopping early (detection reads one line) must close the file too, not only the gunzip.
    stream.once('close', () => raw.destroy());
  }
  stream.setEncoding('utf8');
  return stream;
}

/**
 * Calls `onLine` for every line (without its `\n` or `\r\n`); `onLine` returning false stops the
 * read early. Resolves with the number of lines read.
 */
export async function forEachLine(path: string, onLine: (line: string) => boolean | void): Promise<number> {
  const stream = openText(path);
  let rest = '';
  let n = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let text = rest + chunk;
      let from = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
        const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        n++;
        if (onLine(text.slice(from, end)) === false) return n;
        from = nl + 1;
      }
      rest = text.slice(from);
      text = '';
    }
    if (rest.length > 0) {
      n++;
      onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
    }
    return n;
  } finally {
    stream.destroy();
  }
}

/** The first non-empty line of a file (gunzipped when needed), or null. */
export async function firstLine(path: string): Promise<string | null> {
  let found: string | null = null;
  await forEachLine(path, (l) => {
    if (l.trim() === '') return true;
    found = l;
    return false;
  });
  return found;
}
