import { hashPassword, validatePassword, verifyPassword } from '../../subgraphs/identity/passwords';

const cheap = { N: 2 ** 10, r: 8, p: 1 };

describe('password rules', () => {
  it('needs at least 10 characters', () => {
    expect(() => validatePassword('short-pw1', 'ann@example.org')).toThrow(/at least 10 characters/);
    expect(() => validatePassword('long-enough', 'ann@example.org')).not.toThrow();
  });

  it('refuses the email address as password, whatever its case', () => {
    expect(() => validatePassword('Ann@Example.org', 'ann@example.org')).toThrow(/must not be your email/);
  });
});

describe('scrypt hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery', cheap);
    await expect(verifyPassword('correct horse battery', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterz', hash)).resolves.toBe(false);
  });

  it('salts every hash and records its cost so the cost can rise later', async () => {
    const [a, b] = await Promise.all([hashPassword('same password', cheap), hashPassword('same password', cheap)]);
    expect(a).not.toBe(b);
    expect(a.split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1']);
  });

  it('uses a memory-hard default cost (N = 2^15, r = 8)', async () => {
    const hash = await hashPassword('default cost password');
    expect(hash.split('$').slice(0, 3)).toEqual(['scrypt', String(2 ** 15), '8']);
  });

  it('refuses a hash of an unknown scheme', async () => {
    await expect(verifyPassword('whatever', 'md5$abc')).resolves.toBe(false);
  });
});
