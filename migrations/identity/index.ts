import { IdentityInit1764000000000 } from './1764000000000-IdentityInit';
import { AccountDeletion1764000002000 } from './1764000002000-AccountDeletion';
import { RevokedSessionsIndex1764000003000 } from './1764000003000-RevokedSessionsIndex';
import { RevokedSessions1764000004000 } from './1764000004000-RevokedSessions';
import { SigningKeyActivation1764000005000 } from './1764000005000-SigningKeyActivation';
import { SignUpThrottle1764000006000 } from './1764000006000-SignUpThrottle';

export const identityMigrations = [
  IdentityInit1764000000000,
  AccountDeletion1764000002000,
  RevokedSessionsIndex1764000003000,
  RevokedSessions1764000004000,
  SigningKeyActivation1764000005000,
  SignUpThrottle1764000006000,
];
