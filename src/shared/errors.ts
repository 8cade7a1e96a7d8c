/** One error class for misconfiguration, with a string code and the problems behind it. */
export interface Problem {
  /** File the problem is in, when it comes from a file. */
  file?: string;
  /** Field path inside the file or object, e.g. `probes[0].schedule`. */
  path?: string;
  message: string;
}

export type CanaryErrorCode = 'invalid_config' | 'invalid_probe' | 'invalid_scenario' | 'invalid_plan' | 'usage';

export class CanaryError extends Error {
  readonly code: CanaryErrorCode;
  readonly problems: Problem[];

  constructor(code: CanaryErrorCode, message: string, problems: Problem[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CanaryError';
    this.code = code;
    this.problems = problems;
  }
}

/** Renders problems one per line: `file: path: message`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((p) => [p.file, p.path, p.message].filter((s) => s !== undefined && s !== '').join(': '))
    .join('\n');
}

/** Flattens zod issues into problems with dotted/bracketed paths. */
export function zodProblems(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  file?: string,
  prefix = '',
): Problem[] {
  return issues.map((i) => {
    let path = prefix;
    for (const seg of i.path) {
      if (typeof seg === 'number') path += `[${seg}]`;
      else path += path ? `.${String(seg)}` : String(seg);
    }
    return { ...(file ? { file } : {}), ...(path ? { path } : {}), message: i.message };
  });
}
