import type { Logger } from '../../src/app/ports/logger.js';

export interface LoggedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/** A logger that keeps every line it is given, for tests that assert what was logged. */
export function recordingLogger(): { logger: Logger; logs: LoggedLine[] } {
  const logs: LoggedLine[] = [];
  const line = (level: LoggedLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    logs.push({ level, message, fields });
  };
  return {
    logs,
    logger: { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') },
  };
}
