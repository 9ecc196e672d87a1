/** Structured JSON logs, one line per event, so ops can ship stdout straight to a log store. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

function errorFields(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export function createLogger(service: string, minLevel: LogLevel = (process.env.LOG_LEVEL as LogLevel) || 'info'): Logger {
  const threshold = order[minLevel] ?? order.info;
  const write = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (order[level] < threshold) return;
    const entry: LogFields = { time: new Date().toISOString(), level, service, msg };
    for (const [k, v] of Object.entries(fields ?? {})) entry[k] = errorFields(v);
    const line = JSON.stringify(entry) + '\n';
    if (level === 'error' || level === 'warn') process.stderr.write(line);
    else process.stdout.write(line);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** A logger that adds fields (such as the request id) to every entry. */
export function childLogger(base: Logger, extra: LogFields): Logger {
  return {
    debug: (m, f) => base.debug(m, { ...extra, ...f }),
    info: (m, f) => base.info(m, { ...extra, ...f }),
    warn: (m, f) => base.warn(m, { ...extra, ...f }),
    error: (m, f) => base.error(m, { ...extra, ...f }),
  };
}
