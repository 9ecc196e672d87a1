import { feedbackEligibility, type FeatureFacts } from '../../subgraphs/feedback/eligibility';

const suspended = (slug: string, reasons: string[]) => ({ slug, reasons });
const facts = (extra: Partial<FeatureFacts>): FeatureFacts => ({ enabledFeatures: [], suspendedFeatures: [], ...extra });

describe('feedbackEligibility', () => {
  it('takes feedback on an enabled feature, about its revision', () => {
    expect(feedbackEligibility('panel', facts({ enabledFeatures: [{ slug: 'panel', revision: { version: '1.2' } }] }))).toEqual({ kind: 'ENABLED', revision: '1.2' });
  });

  it('takes feedback on a feature suspended only because its experiment is PAUSED', () => {
    expect(feedbackEligibility('panel', facts({ suspendedFeatures: [suspended('panel', ['PAUSED'])] }))).toEqual({ kind: 'PAUSED' });
  });

  it('refuses a paused feature the account would not get anyway, and features it does not get', () => {
    const refused = { kind: 'REFUSED' };
    expect(feedbackEligibility('panel', facts({ suspendedFeatures: [suspended('panel', ['PAUSED', 'NOT_ENROLLED'])] }))).toEqual(refused);
    expect(feedbackEligibility('panel', facts({ suspendedFeatures: [suspended('panel', ['OPTED_OUT'])] }))).toEqual(refused);
    expect(feedbackEligibility('panel', facts({ enabledFeatures: [{ slug: 'other', revision: { version: '1' } }] }))).toEqual(refused);
    expect(feedbackEligibility('panel', null)).toEqual(refused);
  });
});
