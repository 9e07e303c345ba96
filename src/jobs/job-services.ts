import type { Logger } from '../app/ports/logger.js';

/** The ports job bodies work through; composition builds them per runtime (issue 5 fills this in). */
export interface JobServices {
  logger: Logger;
}
