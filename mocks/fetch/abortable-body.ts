/**
 * A response body that ends when the request is aborted, and whose cancel never waits for the
 * body it wraps. Fetch bodies built in this process (the in-process simulator, MSW's mocked
 * responses) ignore the request's AbortSignal, and on msw 2 / Node 20 their cancel never settles
 * (mswjs/interceptors#799): a client that aborts or cancels would hang on either.
 */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

export function abortableBody(inner: ReadableStream<Uint8Array>, signal: AbortSignal | null | undefined): ReadableStream<Uint8Array> {
  const reader = inner.getReader();
  let finished = false;
  let onAbort: (() => void) | undefined;
  const cleanup = () => {
    finished = true;
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (!signal) return;
      onAbort = () => {
        if (finished) return;
        cleanup();
        try {
          controller.error(abortReason(signal));
        } catch {
          /* already closed */
        }
        reader.cancel().catch(() => {});
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (finished) return;
        if (done) {
          cleanup();
          controller.close();
        } else controller.enqueue(value);
      } catch (err) {
        if (finished) return;
        cleanup();
        controller.error(err);
      }
    },
    cancel(reason) {
      cleanup();
      // Deliberately not awaited: a mocked body's cancel never settles on msw 2 / Node 20.
      reader.cancel(reason).catch(() => {});
    },
  });
}
