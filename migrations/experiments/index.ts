import { ExperimentsInit1764000000000 } from './1764000000000-ExperimentsInit';
import { ExperimentsDomain1764100000000 } from './1764100000000-ExperimentsDomain';
import { EnrolledAccountsIndex1764100001000 } from './1764100001000-EnrolledAccountsIndex';
import { ExperimentsListIndex1764200000000 } from './1764200000000-ExperimentsListIndex';
import { ExperimentOutcomes1764300000000 } from './1764300000000-ExperimentOutcomes';
import { CatalogNotify1764400000000 } from './1764400000000-CatalogNotify';

export const experimentsMigrations = [
  ExperimentsInit1764000000000,
  ExperimentsDomain1764100000000,
  EnrolledAccountsIndex1764100001000,
  ExperimentsListIndex1764200000000,
  ExperimentOutcomes1764300000000,
  CatalogNotify1764400000000,
];
