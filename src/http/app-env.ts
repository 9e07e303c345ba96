import type { Principal } from '../app/ports/token-verifier.js';

/** What middleware leaves on the Hono context for the handlers after it. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Absent for anonymous callers. */
    principal: Principal | undefined;
  };
}
