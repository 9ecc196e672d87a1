import { RestartPolicy } from '../../platform/restart-policy';

describe('restarting crashed processes', () => {
  it('backs off exponentially and gives up on the fifth crash within a minute', () => {
    const policy = new RestartPolicy();
    const t0 = 1_000_000;
    expect([0, 1, 2, 3].map((i) => policy.crashed(t0 + i * 1000)?.delayMs)).toEqual([500, 1000, 2000, 4000]);
    expect(policy.crashed(t0 + 4000)).toBeNull();
    expect(policy.total).toBe(5);
  });

  it('forgets crashes older than the window, so a process that crashes now and then keeps being restarted', () => {
    const policy = new RestartPolicy();
    for (let i = 0; i < 20; i++) expect(policy.crashed(i * 61_000)).toEqual({ delayMs: 500, recentCrashes: 1 });
  });

  it('caps the delay', () => {
    const policy = new RestartPolicy(100, 60_000, 500, 30_000);
    let last = 0;
    for (let i = 0; i < 12; i++) last = policy.crashed(i)!.delayMs;
    expect(last).toBe(30_000);
  });
});
