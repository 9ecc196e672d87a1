import { AgreementsInit1764000000000 } from './1764000000000-AgreementsInit';
import { AgreementsLedger1764000001000 } from './1764000001000-AgreementsLedger';
import { CatalogNotify1764100000000 } from './1764100000000-CatalogNotify';

export const agreementsMigrations = [AgreementsInit1764000000000, AgreementsLedger1764000001000, CatalogNotify1764100000000];
