/**
 * Builds the final Message from raw SSE events (api-facts §2.1): message_start gives the shell,
 * content blocks fill by index, message_delta overwrites stop reason and usage (cumulative counts,
 * never added), message_stop marks completion. Unknown event and delta types are ignored.
 */
import type Anthropic from '@anthropic-ai/sdk';

type Message = Anthropic.Messages.Message;
type RawEvent = Anthropic.Messages.RawMessageStreamEvent;

export interface Accumulated {
  message: Message | null;
  complete: boolean;
}

type MutableBlock = Record<string, unknown> & { type: string };

export class StreamAccumulator {
  message: Message | null = null;
  complete = false;
  /** Characters of generated output so far (text, thinking, tool input JSON): bounds a runaway stream. */
  outputChars = 0;
  /** Partial JSON of tool-use blocks by index; made on the first input_json_delta (most streams have none). */
  private json: Map<number, string> | null = null;

  /** Applies one event; returns the text delta it carried ('' when none). */
  apply(event: RawEvent): string {
    switch (event.type) {
      // The events are parsed for this stream alone (nothing else holds them), so the shell and
      // blocks they carry are adopted and filled in place rather than copied.
      case 'message_start':
        this.message = event.message;
        return '';
      case 'content_block_start':
        if (this.message) (this.message.content as unknown[])[event.index] = event.content_block;
        return '';
      case 'content_block_delta':
        return this.delta(event.index, event.delta as unknown as Record<string, unknown> & { type: string });
      case 'content_block_stop': {
        const buf = this.json?.get(event.index);
        const block = this.block(event.index);
        if (buf !== undefined && block) {
          try {
            block['input'] = buf === '' ? {} : JSON.parse(buf);
          } catch {
            block['input'] = buf;
          }
          this.json!.delete(event.index);
        }
        return '';
      }
      case 'message_delta': {
        if (!this.message) return '';
        // for...in over own enumerable keys (SDK event objects are plain JSON), no entry arrays.
        const m = this.message as unknown as Record<string, unknown>;
        const delta = event.delta as unknown as Record<string, unknown>;
        for (const k in delta) if (Object.hasOwn(delta, k)) m[k] = delta[k];
        const usage = this.message.usage as unknown as Record<string, unknown>;
        const u = event.usage as unknown as Record<string, unknown>;
        for (const k in u) {
          const v = u[k];
          if (v !== null && v !== undefined && Object.hasOwn(u, k)) usage[k] = v;
        }
        return '';
      }
      case 'message_stop':
        this.complete = true;
        return '';
      default:
        return '';
    }
  }

  private block(index: number): MutableBlock | undefined {
    return (this.message?.content as unknown as MutableBlock[] | undefined)?.[index];
  }

  /** A content_block_delta's delta for block `index`; returns its text ('' when none). */
  delta(index: number, d: Record<string, unknown> & { type: string }): string {
    const block = this.block(index);
    if (!block) return '';
    switch (d.type) {
      case 'text_delta': {
        const t = typeof d['text'] === 'string' ? d['text'] : '';
        block['text'] = String(block['text'] ?? '') + t;
        this.outputChars += t.length;
        return t;
      }
      case 'input_json_delta': {
        const j = String(d['partial_json'] ?? '');
        this.json ??= new Map();
        this.json.set(index, (this.json.get(index) ?? '') + j);
        this.outputChars += j.length;
        return '';
      }
      case 'thinking_delta': {
        const t = String(d['thinking'] ?? '');
        block['thinking'] = String(block['thinking'] ?? '') + t;
        this.outputChars += t.length;
        return '';
      }
      case 'signature_delta':
        block['signature'] = String(d['signature'] ?? '');
        return '';
      case 'citations_delta':
        block['citations'] = [...((block['citations'] as unknown[] | null) ?? []), d['citation']];
        return '';
      default:
        return '';
    }
  }
}

/** The concatenated text blocks of a message. */
export function messageText(message: Pick<Message, 'content'>): string {
  let out = '';
  for (const b of message.content) if (b.type === 'text') out += b.text;
  return out;
}
