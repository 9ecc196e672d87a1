import { decryptPrivateKey, encryptPrivateKey } from '../../subgraphs/identity/signing-keys';

describe('signing key encryption at rest', () => {
  const pem = '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n';

  it('decrypts what it encrypted with the same secret', () => {
    expect(decryptPrivateKey(encryptPrivateKey(pem, 's3cret'), 's3cret')).toBe(pem);
  });

  it('fails with another secret instead of returning garbage', () => {
    expect(() => decryptPrivateKey(encryptPrivateKey(pem, 's3cret'), 'other')).toThrow();
  });

  it('fails when the stored blob was altered', () => {
    const blob = encryptPrivateKey(pem, 's3cret');
    blob[blob.length - 1] ^= 1;
    expect(() => decryptPrivateKey(blob, 's3cret')).toThrow();
  });
});
