/**
 * Entry criteria of the seed plan, checked off by the staff who can vouch for them:
 * the prototype has evolved; product wants it heading for inclusion; UX/product requirements for
 * a beta-quality feature are defined (and built); the user-data assessment is done (only when the
 * experiment has user data).
 * Pure: which criteria exist, who may check each, which an experiment needs (criteria.ts stores checks).
 */
import type { Experiment } from './experiment';

export const CRITERIA = ['PROTOTYPE_EVOLVED', 'PRODUCT_DESIRE_FOR_INCLUSION', 'REQUIREMENTS_DEFINED', 'USER_DATA_ASSESSMENT'] as const;
export type Criterion = (typeof CRITERIA)[number];

export const CRITERION_ROLES: Record<Criterion, readonly string[]> = {
  PROTOTYPE_EVOLVED: ['ENGINEERING', 'PRODUCT'],
  PRODUCT_DESIRE_FOR_INCLUSION: ['PRODUCT'],
  REQUIREMENTS_DEFINED: ['UX', 'PRODUCT'],
  USER_DATA_ASSESSMENT: ['PRIVACY'],
};

export function requiredCriteria(experiment: Pick<Experiment, 'hasUserData'>): Criterion[] {
  return CRITERIA.filter((c) => c !== 'USER_DATA_ASSESSMENT' || experiment.hasUserData);
}
