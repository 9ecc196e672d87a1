import { FeedbackInit1764000000000 } from './1764000000000-FeedbackInit';

export const feedbackMigrations = [FeedbackInit1764000000000];
