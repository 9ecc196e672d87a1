import { describeDuration } from '../../subgraphs/identity/sign-up-limit';

describe('describeDuration (the sign-up limit message)', () => {
  it('names the window in the largest whole unit', () => {
    expect(describeDuration(3600)).toBe('1 hour');
    expect(describeDuration(7200)).toBe('2 hours');
    expect(describeDuration(900)).toBe('15 minutes');
    expect(describeDuration(90)).toBe('90 seconds');
    expect(describeDuration(1)).toBe('1 second');
  });
});
