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
});
