/**
 * A record field computed on first read (then kept), still enumerable so logs and JSON see it.
 * Used for the parts of a CallRecord that cost a few µs and that many callers never read (the
 * output hash, the rate-limit headroom): the cost is paid only by whoever reads them.
 */
export function defineLazy<T extends object, K extends keyof T>(obj: T, key: K, compute: () => T[K]): void {
  let done = false;
  let value: T[K];
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        value = compute();
        done = true;
      }
      return value;
    },
    set(v: T[K]) {
      value = v;
      done = true;
    },
  });
}
