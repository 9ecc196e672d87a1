import { normaliseEmail } from '../../subgraphs/identity/email';

describe('normaliseEmail', () => {
  it('trims and lower-cases so A@X.org and a@x.org are the same account', () => {
    expect(normaliseEmail('  Ann.Lee@Example.ORG ')).toBe('ann.lee@example.org');
    expect(normaliseEmail('A@X.org')).toBe(normaliseEmail('a@X.org'));
  });

  it.each(['', 'ann', 'ann@', '@example.org', 'ann@example', 'ann lee@example.org', 'ann@@example.org', 'ann@example..org'])(
    'rejects %p with BAD_USER_INPUT on the email field',
    (raw) => {
      expect(() => normaliseEmail(raw)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'email' } }));
    },
  );

  it.each([
    ['a zero-width space', 'ann\u200b@example.org'],
    ['a zero-width joiner', 'an\u200dn@example.org'],
    ['a right-to-left override', 'ann@exa\u202emple.org'],
    ['a right-to-left mark', '\u200fann@example.org'],
    ['a byte order mark', 'ann@example.org\ufeffx'],
    ['a soft hyphen', 'an\u00adn@example.org'],
    ['a control character', 'ann\u0007@example.org'],
  ])('rejects %s, which would make a look-alike of another address', (_name, raw) => {
    expect(() => normaliseEmail(raw)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'email' } }));
  });

  it('accepts internationalised addresses', () => {
    expect(normaliseEmail('José@Exämple.org')).toBe('josé@exämple.org');
  });
});
