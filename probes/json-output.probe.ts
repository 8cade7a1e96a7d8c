import { defineProbe } from 'claude-canary';

/** Integrations that parse model output break silently when the shape drifts. */
export default defineProbe({
  id: 'json-output',
  description: 'The model returns JSON matching a fixed schema',
  schedule: '*/5 * * * *',
  model: 'claude-haiku-4-5',
  system: 'You are an API. Answer with a single JSON object and no other text.',
  prompt:
    'Give the three primary colours of light as {"colours": [{"name": string, "hex": string}], "count": number}. ' +
    'Hex values are upper-case like #FF0000.',
  max_tokens: 200,
  tags: ['format'],
  expectations: {
    checks: { too_short: { min_output_tokens: 20 } },
    assertions: [
      {
        kind: 'json',
        schema: {
          type: 'object',
          required: ['colours', 'count'],
          additionalProperties: false,
          properties: {
            colours: {
              type: 'array',
              minItems: 3,
              maxItems: 3,
              items: {
                type: 'object',
                required: ['name', 'hex'],
                properties: { name: { type: 'string', minLength: 1 }, hex: { type: 'string', pattern: '^#[0-9A-F]{6}$' } },
              },
            },
            count: { type: 'integer', const: 3 },
          },
        },
      },
    ],
  },
});
