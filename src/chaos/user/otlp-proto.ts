/**
 * Just enough of the protobuf wire format to read an OTLP `ExportTraceServiceRequest`: for each
 * span its name, attributes and status code. Fields not listed here are skipped by wire type,
 * so newer OTLP versions still decode. (Internal.)
 */
import type { ReceivedSpan } from './otlp-receiver.ts';

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  get done() {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('truncated varint');
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }
  bytes(): Uint8Array {
    const n = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  /** Calls `on(field, wire)` for each field; `on` reads the value or returns false to skip it. */
  fields(on: (field: number, wire: number) => boolean): void {
    while (!this.done) {
      const tag = this.varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (!on(field, wire)) this.skip(wire);
    }
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function anyValue(buf: Uint8Array): string | number | boolean | undefined {
  const r = new Reader(buf);
  let v: string | number | boolean | undefined;
  r.fields((f, w) => {
    if (f === 1 && w === 2) v = text(r.bytes());
    else if (f === 2 && w === 0) v = r.varint() !== 0;
    else if (f === 3 && w === 0) v = r.varint(); // int64; token counts are small and non-negative
    else if (f === 4 && w === 1) {
      v = new DataView(buf.buffer, buf.byteOffset + r.pos, 8).getFloat64(0, true);
      r.pos += 8;
    } else return false;
    return true;
  });
  return v;
}

function span(buf: Uint8Array): ReceivedSpan {
  const r = new Reader(buf);
  const s: ReceivedSpan = { name: '', attributes: {}, status: 'unset' };
  r.fields((f, w) => {
    if (f === 5 && w === 2) s.name = text(r.bytes());
    else if (f === 9 && w === 2) {
      const kv = new Reader(r.bytes());
      let key = '';
      let value: ReceivedSpan['attributes'][string] | undefined;
      kv.fields((kf, kw) => {
        if (kf === 1 && kw === 2) key = text(kv.bytes());
        else if (kf === 2 && kw === 2) value = anyValue(kv.bytes());
        else return false;
        return true;
      });
      if (key && value !== undefined) s.attributes[key] = value;
    } else if (f === 15 && w === 2) {
      const st = new Reader(r.bytes());
      st.fields((sf, sw) => {
        if (sf !== 3 || sw !== 0) return false;
        const code = st.varint();
        s.status = code === 2 ? 'error' : code === 1 ? 'ok' : 'unset';
        return true;
      });
    } else return false;
    return true;
  });
  return s;
}

/** Spans of an `ExportTraceServiceRequest` (resource_spans=1 > scope_spans=2 > spans=2). */
export function decodeTraceRequest(buf: Uint8Array): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  const nested = (b: Uint8Array, field: number, each: (inner: Uint8Array) => void) => {
    const r = new Reader(b);
    r.fields((f, w) => {
      if (f !== field || w !== 2) return false;
      each(r.bytes());
      return true;
    });
  };
  nested(buf, 1, (rs) => nested(rs, 2, (ss) => nested(ss, 2, (sp) => out.push(span(sp)))));
  return out;
}
