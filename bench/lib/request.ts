/** The one request every HTTP bench sends: a typical small canary call. */
export const BENCH_BODY = JSON.stringify({
  model: 'claude-haiku-4-5',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Summarise the state of the service in two sentences.' }],
});
export const BENCH_HEADERS = { 'x-api-key': 'sk-ant-bench', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
