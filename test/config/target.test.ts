import { expect, test } from 'vitest';
import { resolveTarget, stripUserinfo } from '../../src/config/index.ts';

const PASSWORD = 'TARGETSENTINEL-pw-0123456789';

test('a target URL with user:password@ is shown as its origin; the credentials are kept apart, decoded', () => {
  const { target } = resolveTarget(`https://ops:${encodeURIComponent(PASSWORD)}@gateway.example/anthropic/`, {});
  expect(target).toEqual({ kind: 'url', label: 'https://gateway.example', baseURL: 'https://gateway.example/anthropic', credentials: { username: 'ops', password: PASSWORD } });
  expect(JSON.stringify({ label: target.label, baseURL: (target as { baseURL: string }).baseURL })).not.toContain('TARGETSENTINEL');
});

test('a target that is not a usable URL is refused without quoting its credentials', () => {
  expect(() => resolveTarget(`ftp://ops:${PASSWORD}@host/`, {})).toThrow(/--target URL must be http\(s\), got "ftp:\/\/host\/"/);
});

test('stripUserinfo removes user:password@ from every URL in a text and leaves the rest', () => {
  expect(stripUserinfo(`calling http://a:${PASSWORD}@h:1/x and https://u@k.example/?q=a@b then mailto:a@b`)).toBe('calling http://h:1/x and https://k.example/?q=a@b then mailto:a@b');
});
