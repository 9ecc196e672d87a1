/** A failed step as the popup shows it: in words, with the code and the field at fault. */
import type { ClientError } from '../../../client';
import type { Refusal } from '../shared/messages';
import { failureWords, type Step } from '../rules/words';

export function refusal(step: Step, error: ClientError): Refusal {
  return { ok: false, code: error.code, message: failureWords(step, error), ...(error.field ? { field: error.field } : {}) };
}
