import { eventHash, verifyChain, type LedgerContent, type LedgerEvent } from '../../subgraphs/agreements/ledger';

function chain(n: number): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  let previous: string | null = null;
  for (let i = 1; i <= n; i++) {
    const content: LedgerContent = {
      accountId: 'acc', sequence: i, action: i % 2 ? 'ACCEPT' : 'WITHDRAW', kind: 'TERMS_OF_SERVICE', versionId: 'v1',
      at: new Date(Date.UTC(2026, 6, i)), client: 'PORTAL', userAgent: 'ua', clientAddressHash: 'h', previousHash: previous,
    };
    const hash = eventHash(content);
    events.push({ ...content, id: String(i), hash });
    previous = hash;
  }
  return events;
}

describe('consent ledger hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(4))).toBe(true);
  });

  it('detects an edited field (action flipped)', () => {
    const events = chain(4);
    events[1] = { ...events[1], action: 'ACCEPT' };
    expect(verifyChain(events)).toBe(false);
  });

  it('detects an edited time', () => {
    const events = chain(3);
    events[0] = { ...events[0], at: new Date(events[0].at.getTime() + 1) };
    expect(verifyChain(events)).toBe(false);
  });

  it('detects a deleted row in the middle', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyChain(events)).toBe(false);
  });

  it('detects a row whose hash was recomputed after an edit (the next row no longer links)', () => {
    const events = chain(3);
    const edited = { ...events[1], kind: 'PRIVACY_POLICY' };
    events[1] = { ...edited, hash: eventHash(edited) };
    expect(verifyChain(events)).toBe(false);
  });
});
