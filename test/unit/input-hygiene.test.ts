import { parse } from 'graphql';
import { findBadInput, findBadText, textProblem } from '../../subgraphs/kit/input-hygiene';
import { parseDateTime } from '../../subgraphs/kit/scalars';
import { InputFormatError } from '../../subgraphs/kit/errors';

describe('textProblem', () => {
  it('accepts ordinary text, emoji (surrogate pairs) and other control-free Unicode', () => {
    for (const text of ['ann@example.org', 'Zoë 🦊', '', '日本語']) expect(textProblem(text)).toBeNull();
  });

  it('refuses NUL and lone surrogates, saying what is wrong', () => {
    expect(textProblem('a\u0000b')).toMatch(/NUL/);
    expect(textProblem('a\ud800')).toMatch(/Unicode/);
    expect(textProblem('\udc00a')).toMatch(/Unicode/);
  });

  it('refuses terminal control codes (ESC, BEL, backspace, DEL, C1) naming the character; tabs and line breaks are fine', () => {
    expect(textProblem('Works \u001b[31mwell')).toMatch(/control character \(U\+001B\)/);
    for (const c of ['\u0007', '\u0008', '\u007f', '\u009b', '\u000b']) expect(textProblem(`a${c}b`)).toMatch(/control character/);
    expect(textProblem('line one\r\nline two\n\tindented')).toBeNull();
  });
});

describe('findBadText', () => {
  it('walks nested objects and lists, naming the path', () => {
    expect(findBadText({ events: [{ name: 'ok' }, { name: 'x\u0000' }] }, 'input')).toEqual({ path: 'input.events[1].name', problem: expect.stringMatching(/NUL/) });
    expect(findBadText({ a: 1, b: true, c: null, d: ['fine'] }, 'input')).toBeNull();
  });
});

describe('findBadInput', () => {
  const doc = parse(`mutation($in: SignUpInput!, $slug: String!) { signUp(input: $in) { id } optIn(experiment: $slug) { status } }`);

  it('names a variable by the argument it is used at', () => {
    expect(findBadInput(doc, { in: { email: 'a\u0000@b' }, slug: 'ok' })?.path).toBe('input.email');
    expect(findBadInput(doc, { in: { email: 'a@b' }, slug: 'x\ud800' })?.path).toBe('experiment');
    expect(findBadInput(doc, { in: { email: 'a@b' }, slug: 'ok' })).toBeNull();
  });

  it('checks inline literals, nested in objects and lists', () => {
    const inline = parse(`mutation { recordUsage(events: [{ experiment: "a", name: "b\\u0000" }]) { accepted } }`);
    expect(findBadInput(inline, {})?.path).toBe('events[0].name');
    // The same parsed document again (Apollo's document store hands it out once per query text): the remembered walk still refuses it.
    expect(findBadInput(inline, {})?.path).toBe('events[0].name');
  });

  it('names a variable that no argument uses by its own name', () => {
    expect(findBadInput(parse(`query($x: String) { me { id } }`), { x: '\u0000' })?.path).toBe('$x');
  });
});

describe('parseDateTime', () => {
  it('accepts ISO-8601 date-times with a zone, and dates', () => {
    expect(parseDateTime('2026-07-01T00:00:00Z').toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(parseDateTime('2026-07-01T02:30:00.123+02:00').toISOString()).toBe('2026-07-01T00:30:00.123Z');
    expect(parseDateTime('2026-07-01').toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(parseDateTime('2028-02-29T23:30:00-01:00').toISOString()).toBe('2028-03-01T00:30:00.000Z');
  });

  it('refuses other shapes with a message giving the format', () => {
    for (const value of ['yesterday', 'soon', '1', '2026-07-01T00:00:00', '2026-13-01', 5, null, '2027-02-30T00:00:00Z', '2027-02-29', '2026-04-31T12:00:00+02:00', '2026-00-10']) {
      expect(() => parseDateTime(value)).toThrow(InputFormatError);
    }
    expect(() => parseDateTime('soon')).toThrow(/ISO-8601.*2026-07-01T00:00:00Z/);
  });
});
