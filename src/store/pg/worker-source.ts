/**
 * The worker thread that holds the `pg` connection for the synchronous facade (sync-client.ts).
 * It is kept as CommonJS source text run with `new Worker(source, { eval: true })`: a worker
 * file in TypeScript would not load under plain Node 20 (the installed package) and a .js file
 * beside it would not be type-checked; `pg` is required by the absolute path the caller resolved.
 *
 * Protocol: the caller posts `{ op, ... }` on its port, then blocks in `Atomics.wait` on
 * `flag[0]`; the worker runs the query, posts the reply, sets `flag[0] = 1` and notifies; the
 * caller takes the reply with `receiveMessageOnPort`. One request at a time.
 *
 * A `COPY ... FROM STDIN` (pg-copy-streams) is three kinds of message: `copyBegin` (the statement), any number of
 * `copyData` (a chunk each) and `copyEnd`; only `copyEnd` is answered (the rows copied, or the
 * first error of the three). The caller posts chunks without waiting, so it builds the next
 * chunk while this thread sends the last one and the server ingests it. Messages are handled
 * strictly in arrival order (one promise chain). (Internal.)
 */
export const WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const copyFrom = require(workerData.copyPath).from;
const { port, flag, url, applicationName } = workerData;
const signal = new Int32Array(flag);
// int8 (count(*), sum of integers, bigint columns) and numeric (sum of bigints) as numbers, as
// better-sqlite3 gives them: epoch milliseconds and nano-dollar sums stay far below 2^53.
const asNumber = (v) => (v === null ? null : Number(v));
const types = {
  getTypeParser(oid, format) {
    if (oid === 20 || oid === 1700) return asNumber;
    return pg.types.getTypeParser(oid, format);
  },
};
const client = new pg.Client({ connectionString: url, types, application_name: applicationName });
let broken = null;
client.on('error', (e) => { broken = e; });
const ready = client.connect();
const errorOf = (e) => ({ message: String(e && e.message || e), code: e && e.code, detail: e && e.detail, constraint: e && e.constraint });
const reply = (m) => {
  port.postMessage(m);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
};
// The streamed COPY in progress: its stream, its completion, and its first error.
let copy = null;
const copyBegin = (m) => {
  const stream = client.query(copyFrom(m.text));
  const c = { stream, error: null };
  c.done = new Promise((resolve) => {
    stream.on('error', (e) => { if (!c.error) c.error = e; resolve(); });
    stream.on('finish', resolve);
  });
  copy = c;
};
const streamed = async (m) => {
  if (m.op === 'copyBegin') {
    copy = { error: null, done: Promise.resolve() };
    try {
      await ready;
      if (broken) throw broken;
      copyBegin(m);
    } catch (e) {
      copy.error = e;
    }
    return;
  }
  const c = copy;
  if (m.op === 'copyData') {
    try {
      if (c && !c.error && c.stream) c.stream.write(m.data);
    } catch (e) {
      if (c && !c.error) c.error = e;
    }
    return;
  }
  copy = null;
  if (!c) return reply({ ok: false, error: errorOf(new Error('copyEnd without copyBegin')) });
  if (c.stream && !c.error) c.stream.end();
  await c.done;
  if (c.error) return reply({ ok: false, error: errorOf(c.error) });
  reply({ ok: true, rows: [], rowCount: c.stream.rowCount });
};
let chain = Promise.resolve();
port.on('message', (m) => {
  // A rejected link would stop every later message: a failure that escaped is answered instead.
  const run = () => (m.op === 'copyBegin' || m.op === 'copyData' ? streamed(m) : m.op === 'copyEnd' ? streamed(m).catch((e) => reply({ ok: false, error: errorOf(e) })) : handle(m));
  chain = chain.then(run).catch(() => {});
});
const handle = async (m) => {
  try {
    await ready;
    if (broken) throw broken;
    if (m.op === 'close') {
      await client.end();
      reply({ ok: true });
      port.close();
      return;
    }
    const q = { text: m.text, values: m.values };
    if (m.name) q.name = m.name;
    if (m.array) q.rowMode = 'array';
    const r = await client.query(q);
    const last = Array.isArray(r) ? r[r.length - 1] : r;
    reply({ ok: true, rows: last ? last.rows : [], rowCount: last && last.rowCount !== null ? last.rowCount : 0 });
  } catch (e) {
    reply({ ok: false, error: errorOf(e) });
  }
};
`;
