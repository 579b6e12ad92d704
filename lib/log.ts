type Fields = Record<string, string | number | boolean | null | undefined>;

function write(level: 'info' | 'warn' | 'error', message: string, fields: Fields = {}): void {
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  const line = `${new Date().toISOString()} ${level} ${message}${parts.length ? ` ${parts.join(' ')}` : ''}`;
  if (level === 'info') console.log(line);
  else console.error(line);
}

/** The process's logger (server, stores, sessions): one line per event, with the draft and the reason as fields. */
export const log = {
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};
