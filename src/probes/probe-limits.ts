/**
 * Whether a probe's input could ever fit: under the API's request size cap, and (by the
 * client's own estimate, four characters per token) inside the context window of every model
 * it runs on. Checked when the probes folder is loaded, so a probe that can only ever fail is
 * refused with its file and field. Not part of the schema: chaos scenarios build over-long
 * prompts on purpose, to prove the client's context guard.
 */
import { estimateInputTokens } from '../client/context-guard.ts';
import { defaultCatalog } from '../shared/catalog.ts';
import type { Problem } from '../shared/errors.ts';
import { probeMessages, probeModels, type Probe } from './probe-schema.ts';

/** The API's request size cap (413 `request_too_large` above it). */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

/** Every reason the probe's input could not fit, at the field that holds it (`prompt` or `messages`). */
export function probeInputProblems(probe: Probe): Problem[] {
  const path = probe.prompt !== undefined ? 'prompt' : 'messages';
  const messages = probeMessages(probe);
  const out: Problem[] = [];
  const bytes = Buffer.byteLength(JSON.stringify({ messages, system: probe.system }));
  if (bytes > MAX_REQUEST_BYTES) out.push({ path, message: `the request would be ${bytes} bytes, over the API's ${MAX_REQUEST_BYTES}-byte request size cap` });
  const tokens = estimateInputTokens({ messages, system: probe.system });
  for (const model of probeModels(probe)) {
    const info = defaultCatalog.find(model);
    if (info && tokens > info.context_window) {
      out.push({ path, message: `~${tokens} input tokens (estimated at 4 characters per token) exceed ${info.id}'s context window of ${info.context_window}` });
    }
  }
  return out;
}
