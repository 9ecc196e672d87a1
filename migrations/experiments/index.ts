import { ExperimentsInit1764000000000 } from './1764000000000-ExperimentsInit';

export const experimentsMigrations = [ExperimentsInit1764000000000];
