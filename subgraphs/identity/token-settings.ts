/** Token lifetimes and the beta issuer/audience the gateway insists on. */
import { envInt, envString } from '../../common/env';

export const ACCESS_TOKEN_TTL_SECONDS = envInt('ACCESS_TOKEN_TTL_SECONDS', 15 * 60);
export const REFRESH_TOKEN_TTL_SECONDS = envInt('REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600);
export const TOKEN_ISSUER = envString('TOKEN_ISSUER', 'urn:beta-services:identity');
export const TOKEN_AUDIENCE = envString('TOKEN_AUDIENCE', 'urn:beta-services:gateway');
