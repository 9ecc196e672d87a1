import { AgreementsInit1764000000000 } from './1764000000000-AgreementsInit';

export const agreementsMigrations = [AgreementsInit1764000000000];
