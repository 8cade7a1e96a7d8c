/** Summary tiles: the few numbers a reader must see first, each with a status colour. */
import { html, type HtmlValue, type SafeHtml } from './html.ts';
import type { Status } from './styles.ts';

export interface Tile {
  label: string;
  /** Already formatted (see format.ts). */
  value: string;
  /** A short line under the value, e.g. the SLO it is held to. */
  hint?: string;
  status?: Status;
  /** Optional inline chart (e.g. a sparkline). */
  chart?: SafeHtml;
}

/** A grid of tiles. Status is also spelled out for screen readers, not carried by colour alone. */
export function tiles(items: readonly Tile[]): SafeHtml {
  return html`<div class="tiles">${items.map(
    (t) => html`<div class="tile ${t.status ?? 'neutral'}"><div class="label">${t.label}</div><div class="value">${t.value}</div>${
      t.hint ? html`<div class="hint">${t.hint}${t.status && t.status !== 'neutral' ? html` <span class="${t.status}-text">(${t.status})</span>` : ''}</div>` : ''
    }${t.chart ?? ''}</div>`,
  )}</div>`;
}

/** A coloured status pill: PASS, FAIL, WARN or any label. */
export function badge(label: string, status: Status = 'neutral', extraClass = ''): SafeHtml {
  return html`<span class="badge ${status} ${extraClass}">${label}</span>`;
}

/** Maps "is it good?" to a status; `undefined` means unknown. */
export function statusOf(ok: boolean | null | undefined): Status {
  return ok === true ? 'pass' : ok === false ? 'fail' : 'neutral';
}

export type { HtmlValue };
