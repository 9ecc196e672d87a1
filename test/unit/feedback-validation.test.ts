import { normaliseFeedback, validateUsageEvents, MAX_COMMENT, type FeedbackInput } from '../../subgraphs/feedback/validation';

const valid: FeedbackInput = { experiment: 'tab-groups', sentiment: 'HAPPY', locale: 'en-US', clientVersion: '128.0.1' };
const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions: { code: string; field?: string } }).extensions;
  }
  throw new Error('expected a BAD_USER_INPUT error');
};

describe('feedback input', () => {
  it('trims the comment and turns a blank one into none', () => {
    expect(normaliseFeedback({ ...valid, comment: '  love it  ' }).comment).toBe('love it');
    expect(normaliseFeedback({ ...valid, comment: '   ' }).comment).toBeNull();
  });

  it('keeps markup as plain text (it is never rendered as HTML by us)', () => {
    expect(normaliseFeedback({ ...valid, comment: '<script>alert(1)</script>' }).comment).toBe('<script>alert(1)</script>');
  });

  it.each([
    [{ rating: 0 }, 'rating'],
    [{ rating: 6 }, 'rating'],
    [{ rating: 2.5 }, 'rating'],
    [{ comment: 'x'.repeat(MAX_COMMENT + 1) }, 'comment'],
    [{ locale: 'english' }, 'locale'],
    [{ locale: 'en_US' }, 'locale'],
    [{ clientVersion: '' }, 'clientVersion'],
    [{ experiment: 'Tab Groups' }, 'experiment'],
    [{ clientRequestId: 'short' }, 'clientRequestId'],
  ])('refuses %p naming the field', (override, field) => {
    expect(fieldOf(() => normaliseFeedback({ ...valid, ...override }))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it.each(['en', 'en-US', 'pt-BR', 'zh-Hant-TW', 'es-419', 'de-CH-1996'])('accepts the BCP 47 locale %s', (locale) => {
    expect(() => normaliseFeedback({ ...valid, locale })).not.toThrow();
  });

  it('accepts a 2,000-character comment', () => {
    expect(normaliseFeedback({ ...valid, comment: 'y'.repeat(MAX_COMMENT) }).comment).toHaveLength(MAX_COMMENT);
  });
});

describe('usage events', () => {
  const now = new Date('2026-07-10T12:00:00Z');
  const event = { experiment: 'tab-groups', name: 'panel.opened', at: new Date('2026-07-10T11:00:00Z') };

  it('accepts 1 to 100 events', () => {
    expect(() => validateUsageEvents([event], now)).not.toThrow();
    expect(() => validateUsageEvents(Array(100).fill(event), now)).not.toThrow();
  });

  it('refuses an empty batch and a batch over 100', () => {
    expect(fieldOf(() => validateUsageEvents([], now))).toEqual({ code: 'BAD_USER_INPUT', field: 'events' });
    expect(fieldOf(() => validateUsageEvents(Array(101).fill(event), now))).toEqual({ code: 'BAD_USER_INPUT', field: 'events' });
  });

  it('names the event at fault', () => {
    expect(fieldOf(() => validateUsageEvents([event, { ...event, name: 'Bad Name' }], now))).toEqual({ code: 'BAD_USER_INPUT', field: 'events[1].name' });
    expect(fieldOf(() => validateUsageEvents([{ ...event, at: new Date('2026-06-01T00:00:00Z') }], now))).toEqual({ code: 'BAD_USER_INPUT', field: 'events[0].at' });
    expect(fieldOf(() => validateUsageEvents([{ ...event, value: Number.NaN }], now))).toEqual({ code: 'BAD_USER_INPUT', field: 'events[0].value' });
  });
});
