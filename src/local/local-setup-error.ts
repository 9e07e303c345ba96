import { inspect } from 'node:util';

/**
 * Something on the user's machine keeps a local stand-in from starting, and the message says what to do.
 * Printed by itself it is that one line: a stack trace would point at our code when the fix is elsewhere.
 */
export class LocalSetupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalSetupError';
  }

  [inspect.custom](): string {
    return this.message;
  }
}
