import { FeedbackInit1764000000000 } from './1764000000000-FeedbackInit';
import { FeedbackDomain1764000001000 } from './1764000001000-FeedbackDomain';
import { FeedbackTotals1764000002000 } from './1764000002000-FeedbackTotals';

export const feedbackMigrations = [FeedbackInit1764000000000, FeedbackDomain1764000001000, FeedbackTotals1764000002000];
