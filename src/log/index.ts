export { createLogger, nullDestination, type Logger, type LoggerOptions } from './logger.ts';
export { scrubString, scrubValue, registerSecret, REDACTED, SECRET_FIELD_NAMES } from './scrub.ts';
export { sha256, sha256Memo } from './hash.ts';
