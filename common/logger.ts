/**
 * Structured JSON logs, one line per event, from pino: ops ship stdout/stderr straight to a log
 * store. Each line has `time` (ISO), `level` (name), `service`, `msg` and the event's fields;
 * secrets and personal data are redacted by name wherever they sit (tokens, passwords, emails, the
 * Authorization header); errors are serialised with name, message and stack; with tracing on, the
 * active trace and span ids are added so a line leads to its trace. debug/info go to stdout,
 * warn/error to stderr (as before pino, which the tests and the launcher rely on).
 */
import pino from 'pino';
import { trace } from '@opentelemetry/api';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** Function properties, not methods: they use no `this`, so a caller may pick one (`(bad ? log.warn : log.info)(…)`). */
export interface Logger {
  debug: (msg: string, fields?: LogFields) => void;
  info: (msg: string, fields?: LogFields) => void;
  warn: (msg: string, fields?: LogFields) => void;
  error: (msg: string, fields?: LogFields) => void;
}

const SECRET_KEYS = ['password', 'newPassword', 'accessToken', 'refreshToken', 'token', 'authorization', 'email', 'secret'];
/** Redacted at the top level and one or two levels down (pino's paths are explicit, no deep wildcard). */
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
export const REDACTED = '[redacted]';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** `destination` is for tests; processes write to stdout and stderr. */
export function createLogger(service: string, minLevel: LogLevel = (process.env.LOG_LEVEL as LogLevel) || 'info', destination?: pino.DestinationStream): Logger {
  const level = LEVELS.includes(minLevel) ? minLevel : 'info';
  const streams = destination
    ? destination
    : pino.multistream(
        [
          { level: 'debug', stream: pino.destination({ dest: 1, sync: true }) },
          { level: 'warn', stream: pino.destination({ dest: 2, sync: true }) },
        ],
        { dedupe: true },
      );
  const logger = pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
      mixin() {
        const context = trace.getActiveSpan()?.spanContext();
        return context ? { traceId: context.traceId, spanId: context.spanId } : {};
      },
    },
    streams,
  );
  return wrap(logger);
}

function wrap(logger: pino.Logger): Logger & { pino: pino.Logger } {
  return {
    pino: logger,
    debug: (msg, fields) => logger.debug(fields ?? {}, msg),
    info: (msg, fields) => logger.info(fields ?? {}, msg),
    warn: (msg, fields) => logger.warn(fields ?? {}, msg),
    error: (msg, fields) => logger.error(fields ?? {}, msg),
  };
}

/**
 * A logger that adds fields (such as the request id) to every entry. Made per request, so pino's
 * child (which serializes and redacts the fields) is made only when a line is written.
 */
export function childLogger(base: Logger, extra: LogFields): Logger {
  const parent = (base as Partial<{ pino: pino.Logger }>).pino;
  if (parent) {
    let child: Logger & { pino: pino.Logger } | undefined;
    const made = () => (child ??= wrap(parent.child(extra)));
    const at = (level: LogLevel) => (msg: string, fields?: LogFields) => {
      if (parent.isLevelEnabled(level)) made()[level](msg, fields);
    };
    const lazy: Logger & { readonly pino: pino.Logger } = {
      get pino() {
        return made().pino;
      },
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
    };
    return lazy;
  }
  return {
    debug: (m, f) => base.debug(m, { ...extra, ...f }),
    info: (m, f) => base.info(m, { ...extra, ...f }),
    warn: (m, f) => base.warn(m, { ...extra, ...f }),
    error: (m, f) => base.error(m, { ...extra, ...f }),
  };
}
