import { IdentityInit1764000000000 } from './1764000000000-IdentityInit';

export const identityMigrations = [IdentityInit1764000000000];
