/**
 * Discovery for definitions as code (probes, scenarios): imports every `dir/*<suffix>` file in
 * name order, validates every export (default, named, or arrays of them) with a zod schema, and
 * collects EVERY problem (file and field path) across all files, plus duplicate ids, before
 * failing once with a {@link CanaryError}.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { CanaryError, formatProblems, zodProblems, type CanaryErrorCode, type Problem } from './errors.ts';

export interface DefinitionKind<S extends z.ZodType<{ id: string }>> {
  /** e.g. `probe`, `scenario`. */
  noun: string;
  code: CanaryErrorCode;
  schema: S;
  /** File name ending, e.g. `.probe.ts`. */
  suffix: string;
  /** Shown when a file exports nothing, e.g. `export default defineProbe({...})`. */
  example: string;
  /**
   * Checks beyond the schema (references to other things, limits that need a lookup), run in
   * the same pass on each export that parsed. Paths are relative to the export.
   */
  check?: (value: z.output<S>) => Problem[];
}

export interface Loaded<T> {
  value: T;
  /** The file as users should read it (relative to the working directory when inside it). */
  file: string;
}

/** A file path as users should read it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0] ?? message;
}

/** `file:line:column: ERROR: reason`, one line per error, as esbuild (through tsx) reports syntax errors. */
const SYNTAX_ERROR_LINE = /^(.*):(\d+):(\d+): ERROR: (.*)$/;
/** `[PARSE_ERROR] reason`, as oxc (through vite, e.g. under vitest) reports one; its location is on a later line. */
const OXC_ERROR_LINE = /^\[([A-Z_]+)\]\s*(.+)$/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** oxc's report: the reason, and `name:line:column` of this file somewhere in its code frame. */
function oxcProblem(message: string, file: string, shown: string): Problem | null {
  const lines = message.replace(ANSI, '').split('\n');
  const reason = lines.map((l) => OXC_ERROR_LINE.exec(l.trim())).find(Boolean);
  const name = file.slice(file.lastIndexOf('/') + 1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = new RegExp(`${name}:(\\d+):(\\d+)`).exec(lines.join('\n'));
  return reason && at ? { file: `${shown}:${at[1]}:${at[2]}`, message: `syntax error: ${reason[2]}` } : null;
}

/**
 * Why a file failed to import, each problem located at `file:line:column` when the error says
 * where: every syntax error esbuild found (it reports them all at once), or the frame of the
 * file itself in the stack of an error thrown while it ran.
 */
export function importProblems(e: unknown, file: string, shown: string): Problem[] {
  const message = e instanceof Error ? e.message : String(e);
  const syntax: Problem[] = [];
  for (const line of message.split('\n')) {
    const m = SYNTAX_ERROR_LINE.exec(line);
    if (m) syntax.push({ file: `${m[1] === file ? shown : displayPath(m[1]!)}:${m[2]}:${m[3]}`, message: `syntax error: ${m[4]}` });
  }
  if (syntax.length > 0) return syntax;
  const oxc = oxcProblem(message, file, shown);
  if (oxc) return [oxc];
  const stack = e instanceof Error ? (e.stack ?? '') : '';
  const url = pathToFileURL(file).href;
  for (const frame of stack.split('\n').slice(1)) {
    const at = frame.indexOf(url) >= 0 ? frame.slice(frame.indexOf(url) + url.length) : frame.indexOf(file) >= 0 ? frame.slice(frame.indexOf(file) + file.length) : null;
    const m = at === null ? null : /^:(\d+):(\d+)/.exec(at);
    if (m) return [{ file: `${shown}:${m[1]}:${m[2]}`, message: `failed to import: ${firstLine(e)}` }];
  }
  return [{ file: shown, message: `failed to import: ${firstLine(e)}` }];
}

/**
 * Imports one definition file. `fresh` bypasses the module cache (tsx's `tsImport` loads the
 * file again each time), so a running daemon sees edits; helper modules the file imports come
 * from the cache as before.
 */
async function importFile(file: string, fresh: boolean): Promise<Record<string, unknown>> {
  if (!fresh) return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const { tsImport } = await import('tsx/esm/api');
  const ns = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  // A file outside an ESM package scope loads as CommonJS: its exports object is the namespace's default.
  const cjs = ns['default'] as { __esModule?: unknown } | undefined;
  return cjs && typeof cjs === 'object' && cjs.__esModule === true ? (cjs as Record<string, unknown>) : ns;
}

export interface LoadOptions {
  /** Load every file again, bypassing the module cache (a reload in a running process). Default false. */
  fresh?: boolean;
}

export async function loadDefinitions<S extends z.ZodType<{ id: string }>>(dir: string, kind: DefinitionKind<S>, options: LoadOptions = {}): Promise<Array<Loaded<z.output<S>>>> {
  const root = resolve(dir);
  const shownRoot = displayPath(root);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new CanaryError(kind.code, `${kind.noun} folder ${shownRoot} not found`, [{ file: shownRoot, message: 'folder not found' }]);
  }
  const files = readdirSync(root)
    .filter((f) => f.endsWith(kind.suffix))
    .sort()
    .map((f) => join(root, f));
  const problems: Problem[] = [];
  if (files.length === 0) problems.push({ file: shownRoot, message: `no ${kind.noun} files (names must end with ${kind.suffix})` });

  const out: Array<Loaded<z.output<S>>> = [];
  const owners = new Map<string, string>();
  for (const file of files) {
    const shown = displayPath(file);
    let mod: Record<string, unknown>;
    try {
      mod = await importFile(file, options.fresh ?? false);
    } catch (e) {
      problems.push(...importProblems(e, file, shown));
      continue;
    }
    const found: Array<{ prefix: string; value: unknown }> = [];
    for (const [name, value] of Object.entries(mod)) {
      const prefix = name === 'default' ? '' : name;
      if (Array.isArray(value)) value.forEach((v, i) => found.push({ prefix: `${prefix}[${i}]`, value: v }));
      else found.push({ prefix, value });
    }
    if (found.length === 0) {
      problems.push({ file: shown, message: `exports no ${kind.noun} (write \`${kind.example}\`)` });
      continue;
    }
    for (const c of found) {
      const parsed = kind.schema.safeParse(c.value);
      if (!parsed.success) {
        problems.push(...zodProblems(parsed.error.issues, shown, c.prefix));
        continue;
      }
      const id = parsed.data.id;
      const owner = owners.get(id);
      if (owner !== undefined) {
        problems.push({ file: shown, path: c.prefix ? `${c.prefix}.id` : 'id', message: `duplicate ${kind.noun} id "${id}" (also in ${owner})` });
        continue;
      }
      owners.set(id, shown);
      const extra = kind.check?.(parsed.data) ?? [];
      if (extra.length > 0) {
        problems.push(...extra.map((p) => ({ ...p, file: shown, ...(p.path !== undefined || c.prefix ? { path: [c.prefix, p.path].filter(Boolean).join('.') } : {}) })));
        continue;
      }
      out.push({ value: parsed.data, file: shown });
    }
  }
  if (problems.length > 0) {
    const n = problems.length;
    throw new CanaryError(kind.code, `${n} problem${n === 1 ? '' : 's'} in ${shownRoot}:\n${formatProblems(problems)}`, problems);
  }
  return out;
}
