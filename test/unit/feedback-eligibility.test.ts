import { feedbackRevision, type FeatureFacts } from '../../subgraphs/feedback/eligibility';

const suspended = (slug: string, reasons: string[], version: string | null = '2.0') =>
  ({ slug, reasons, experiment: { currentRevision: version ? { version } : null } });
const facts = (extra: Partial<FeatureFacts>): FeatureFacts => ({ enabledFeatures: [], suspendedFeatures: [], ...extra });

describe('feedbackRevision', () => {
  it('takes feedback on an enabled feature, about its revision', () => {
    expect(feedbackRevision('panel', facts({ enabledFeatures: [{ slug: 'panel', revision: { version: '1.2' } }] }))).toBe('1.2');
  });

  it('takes feedback on a feature suspended only because its experiment is PAUSED', () => {
    expect(feedbackRevision('panel', facts({ suspendedFeatures: [suspended('panel', ['PAUSED'])] }))).toBe('2.0');
  });

  it('refuses a paused feature the account would not get anyway, and features it does not get', () => {
    expect(feedbackRevision('panel', facts({ suspendedFeatures: [suspended('panel', ['PAUSED', 'NOT_ENROLLED'])] }))).toBeNull();
    expect(feedbackRevision('panel', facts({ suspendedFeatures: [suspended('panel', ['OPTED_OUT'])] }))).toBeNull();
    expect(feedbackRevision('panel', facts({ enabledFeatures: [{ slug: 'other', revision: { version: '1' } }] }))).toBeNull();
    expect(feedbackRevision('panel', null)).toBeNull();
  });
});
