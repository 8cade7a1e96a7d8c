/**
 * The JSON Schema subset of the `json` assertion, keyword by keyword: what passes, what fails and
 * the exact message, at each keyword's boundary, and that a keyword only applies to the JSON type
 * it is defined for.
 */
import { describe, expect, it } from 'vitest';
import { JsonSchemaSchema, validateJson, type JsonSchema } from '../../src/quality/index.ts';

const check = (value: unknown, schema: JsonSchema) => validateJson(value, schema);

describe('validateJson: type', () => {
  it.each<[unknown, JsonSchema['type'], string[]]>([
    [{}, 'object', []],
    [[], 'array', []],
    ['', 'string', []],
    [1.5, 'number', []],
    [2, 'number', []],
    [2, 'integer', []],
    [true, 'boolean', []],
    [null, 'null', []],
    [1.5, 'integer', ['$: expected integer, got number']],
    [[], 'object', ['$: expected object, got array']],
    [null, 'object', ['$: expected object, got null']],
    [{}, 'array', ['$: expected array, got object']],
    ['1', 'number', ['$: expected number, got string']],
    [false, 'null', ['$: expected null, got boolean']],
    [null, ['string', 'null'], []],
    ['x', ['string', 'null'], []],
    [3, ['string', 'null'], ['$: expected string or null, got integer']],
  ])('%j against type %j', (value, type, errors) => {
    expect(check(value, { type })).toEqual(errors);
  });

  it('stops at a wrong type: no other keyword is checked against the wrong kind of value', () => {
    expect(check('abc', { type: 'number', minimum: 10, const: 5, enum: [5] })).toEqual(['$: expected number, got string']);
  });

  it('checks the other keywords when the type matches', () => {
    expect(check(3, { type: 'integer', minimum: 10, const: 5 })).toEqual(['$: expected 5, got 3', '$: expected >= 10, got 3']);
  });
});

describe('validateJson: const and enum', () => {
  it.each<[unknown, unknown, string[]]>([
    ['a', 'a', []],
    ['b', 'a', ['$: expected "a", got "b"']],
    [{ a: [1, 2] }, { a: [1, 2] }, []],
    [{ a: [2, 1] }, { a: [1, 2] }, ['$: expected {"a":[1,2]}, got {"a":[2,1]}']],
    [null, null, []],
    [0, null, ['$: expected null, got 0']],
    [false, false, []],
    [0, false, ['$: expected false, got 0']],
  ])('%j against const %j', (value, c, errors) => {
    expect(check(value, { const: c })).toEqual(errors);
  });

  it('quotes at most 60 characters of a long value', () => {
    const long = 'x'.repeat(100);
    expect(check(long, { const: 'y' })).toEqual([`$: expected "y", got "${'x'.repeat(59)}`]);
  });

  it.each<[unknown, unknown[], string[]]>([
    ['b', ['a', 'b'], []],
    [{ k: 1 }, [{ k: 1 }, 2], []],
    [null, ['a', null], []],
    ['c', ['a', 'b'], ['$: expected one of "a", "b", got "c"']],
    [1, ['1'], ['$: expected one of "1", got 1']],
    [2, [undefined, 1], ['$: expected one of undefined, 1, got 2']],
  ])('%j against enum %j', (value, e, errors) => {
    expect(check(value, { enum: e })).toEqual(errors);
  });
});

describe('validateJson: strings', () => {
  it.each<[string, JsonSchema, string[]]>([
    ['ab', { minLength: 2 }, []],
    ['a', { minLength: 2 }, ['$: expected length >= 2, got 1']],
    ['ab', { maxLength: 2 }, []],
    ['abc', { maxLength: 2 }, ['$: expected length <= 2, got 3']],
    ['', { minLength: 0, maxLength: 0 }, []],
    ['a-1', { pattern: '^[a-z]-\\d$' }, []],
    ['say a-1 now', { pattern: 'a-\\d' }, []],
    ['a-x', { pattern: '^[a-z]-\\d$' }, ['$: expected to match /^[a-z]-\\d$/, got "a-x"']],
    // Unicode mode: one emoji is one character to `.`, and \p{...} classes work.
    ['\u{1F600}', { pattern: '^.$' }, []],
    ['é', { pattern: '^\\p{L}$' }, []],
    ['ABC', { pattern: 'abc' }, ['$: expected to match /abc/, got "ABC"']],
  ])('%j against %j', (value, schema, errors) => {
    expect(check(value, schema)).toEqual(errors);
  });

  it('reports every string violation at once', () => {
    expect(check('abcdef', { maxLength: 3, pattern: '^\\d+$' })).toEqual(['$: expected length <= 3, got 6', '$: expected to match /^\\d+$/, got "abcdef"']);
  });

  it.each<[unknown, JsonSchema]>([
    [['a'], { minLength: 2 }],
    [['a', 'b', 'c'], { maxLength: 2 }],
    [12, { minLength: 5, pattern: '^x$' }],
    [{ length: 1 }, { minLength: 2 }],
  ])('applies string keywords to strings only: %j against %j', (value, schema) => {
    expect(check(value, schema)).toEqual([]);
  });
});

describe('validateJson: numbers', () => {
  it.each<[number, JsonSchema, string[]]>([
    [0, { minimum: 0 }, []],
    [-0.5, { minimum: 0 }, ['$: expected >= 0, got -0.5']],
    [10, { maximum: 10 }, []],
    [10.5, { maximum: 10 }, ['$: expected <= 10, got 10.5']],
    [5, { minimum: 5, maximum: 5 }, []],
    [-3, { minimum: -2 }, ['$: expected >= -2, got -3']],
  ])('%j against %j', (value, schema, errors) => {
    expect(check(value, schema)).toEqual(errors);
  });

  it.each<[unknown, JsonSchema]>([
    ['5', { minimum: 10 }],
    ['50', { maximum: 10 }],
    [[50], { maximum: 10 }],
    [null, { minimum: 1 }],
  ])('applies number keywords to numbers only: %j against %j', (value, schema) => {
    expect(check(value, schema)).toEqual([]);
  });
});

describe('validateJson: arrays', () => {
  it.each<[unknown[], JsonSchema, string[]]>([
    [[1, 2], { minItems: 2 }, []],
    [[1], { minItems: 2 }, ['$: expected at least 2 items, got 1']],
    [[1, 2], { maxItems: 2 }, []],
    [[1, 2, 3], { maxItems: 2 }, ['$: expected at most 2 items, got 3']],
    [[], { minItems: 0, maxItems: 0 }, []],
    [['a', 'b'], { items: { type: 'string' } }, []],
    [['a', 2, 'c', null], { items: { type: 'string' } }, ['$[1]: expected string, got integer', '$[3]: expected string, got null']],
    [[[1], [1, 2]], { items: { items: { maximum: 1 } } }, ['$[1][1]: expected <= 1, got 2']],
  ])('%j against %j', (value, schema, errors) => {
    expect(check(value, schema)).toEqual(errors);
  });

  it.each<[unknown, JsonSchema]>([
    ['abc', { maxItems: 2 }],
    ['a', { minItems: 2 }],
    ['ab', { items: { type: 'integer' } }],
    [{ 0: 'a', length: 1 }, { minItems: 2, items: { type: 'integer' } }],
  ])('applies array keywords to arrays only: %j against %j', (value, schema) => {
    expect(check(value, schema)).toEqual([]);
  });
});

describe('validateJson: objects', () => {
  const person: JsonSchema = {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string' }, address: { properties: { city: { type: 'string', minLength: 1 } } } },
  };

  it.each<[unknown, JsonSchema, string[]]>([
    [{ name: 'Ada' }, person, []],
    [{}, person, ['$: expected property "name"']],
    [{}, { required: ['a', 'b'] }, ['$: expected property "a"', '$: expected property "b"']],
    [{ name: null }, { required: ['name'] }, []],
    [{ name: 1 }, person, ['$.name: expected string, got integer']],
    [{ name: 'Ada', address: { city: '' } }, person, ['$.address.city: expected length >= 1, got 0']],
    [{ name: 'Ada', extra: 1 }, person, []],
    [{ name: 'Ada', extra: 1 }, { ...person, additionalProperties: true }, []],
    [{ name: 'Ada', extra: 1, more: 2 }, { ...person, additionalProperties: false }, ['$: unexpected property "extra"', '$: unexpected property "more"']],
    [{ name: 'Ada' }, { ...person, additionalProperties: false }, []],
    [{ a: 1 }, { additionalProperties: false }, ['$: unexpected property "a"']],
  ])('%j against %j', (value, schema, errors) => {
    expect(check(value, schema)).toEqual(errors);
  });

  it('requires an own property: names on the object prototype do not count as present', () => {
    const value = JSON.parse('{}');
    expect(check(value, { required: ['toString', 'constructor'] })).toEqual(['$: expected property "toString"', '$: expected property "constructor"']);
  });

  it('looks up property schemas as own keys: a key named like a prototype member is still unexpected', () => {
    const value = JSON.parse('{"constructor": 1, "toString": 2}');
    expect(check(value, { properties: { a: {} }, additionalProperties: false })).toEqual([
      '$: unexpected property "constructor"',
      '$: unexpected property "toString"',
    ]);
  });

  it.each<[unknown, JsonSchema]>([
    [['x'], { additionalProperties: false }],
    [['x'], { required: ['0', 'length'] }],
    [['x'], { properties: { 0: { type: 'integer' } } }],
    ['abc', { required: ['length'], additionalProperties: false }],
    [null, { required: ['a'] }],
  ])('applies object keywords to objects only: %j against %j', (value, schema) => {
    expect(check(value, schema)).toEqual([]);
  });

  it('prefixes every message with the path it starts from', () => {
    expect(validateJson(1, { type: 'string' }, '$.data')).toEqual(['$.data: expected string, got integer']);
  });
});

describe('JsonSchemaSchema', () => {
  it.each<[string, unknown]>([
    ['every supported keyword', {
      type: ['object', 'null'],
      description: 'a person',
      required: ['n'],
      additionalProperties: false,
      properties: { n: { type: 'string', minLength: 0, maxLength: 10, pattern: '^\\p{L}+$', enum: ['a'], const: 'a' } },
    }],
    ['array keywords', { type: 'array', minItems: 0, maxItems: 3, items: { type: 'number', minimum: -1.5, maximum: 2.5 } }],
    ['a list of two types', { type: ['string', 'integer'] }],
    ['an enum of several values of any type', { enum: ['a', 1, null, { b: [2] }] }],
    ['an empty schema', {}],
  ])('accepts %s', (_, schema) => {
    expect(JsonSchemaSchema.safeParse(schema).success).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['an unsupported keyword', { oneOf: [] }, ''],
    ['an unsupported keyword nested in properties', { properties: { a: { format: 'email' } } }, 'properties.a'],
    ['an unsupported keyword nested in items', { items: { anyOf: [] } }, 'items'],
    ['an unknown type', { type: 'float' }, 'type'],
    ['an empty type list', { type: [] }, 'type'],
    ['an empty enum', { enum: [] }, 'enum'],
    ['a negative minLength', { minLength: -1 }, 'minLength'],
    ['a fractional maxItems', { maxItems: 1.5 }, 'maxItems'],
    ['a pattern that does not compile', { pattern: '(' }, 'pattern'],
    // Patterns run in Unicode mode: a lone brace or a needless escape is valid only without it.
    ['a pattern valid only outside Unicode mode', { pattern: 'a{' }, 'pattern'],
    ['additionalProperties as a schema', { additionalProperties: {} }, 'additionalProperties'],
  ])('rejects %s', (_, schema, path) => {
    const r = JsonSchemaSchema.safeParse(schema);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('says why a pattern is rejected', () => {
    const issue = JsonSchemaSchema.safeParse({ pattern: '[' }).error!.issues[0]!;
    expect([issue.code, issue.path, issue.message]).toEqual(['custom', ['pattern'], 'pattern is not a valid regular expression (Invalid regular expression: /[/u: Unterminated character class)']);
  });
});
