import { IdentityInit1764000000000 } from './1764000000000-IdentityInit';
import { AccountDeletion1764000002000 } from './1764000002000-AccountDeletion';
import { RevokedSessionsIndex1764000003000 } from './1764000003000-RevokedSessionsIndex';

export const identityMigrations = [IdentityInit1764000000000, AccountDeletion1764000002000, RevokedSessionsIndex1764000003000];
