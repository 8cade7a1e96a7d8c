/** An HTML legend for charts (outside the SVG, so it wraps and reads as text). */
import { html, type SafeHtml } from '../html.ts';

export function legend(items: readonly { name: string; colour: string }[]): SafeHtml {
  return html`<ul class="legend">${items.map((it) => html`<li><i style="background:${it.colour}"></i>${it.name}</li>`)}</ul>`;
}
