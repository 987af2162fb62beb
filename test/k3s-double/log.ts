// logrus TextFormatter output without a TTY (how k3s logs under systemd and
// into files): time="..." level=info msg="..." key=value ..., fields sorted,
// values quoted (%q) only when they hold characters outside [A-Za-z0-9-._/@^+].
export type Level = 'debug' | 'info' | 'warning' | 'error' | 'fatal';

let debugEnabled = false;
export function setDebug(on: boolean): void {
  debugEnabled = on;
}

function value(s: string): string {
  return s !== '' && /^[A-Za-z0-9\-._/@^+]+$/.test(s) ? s : JSON.stringify(s);
}

export function log(level: Level, msg: string, fields: Record<string, string | number> = {}): void {
  if (level === 'debug' && !debugEnabled) return;
  const time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const extra = Object.keys(fields)
    .sort()
    .map((k) => ` ${k}=${value(String(fields[k]))}`)
    .join('');
  process.stderr.write(`time="${time}" level=${level} msg=${value(msg)}${extra}\n`);
}

type Fields = Record<string, string | number>;
export const logger = {
  debug: (m: string, f?: Fields) => log('debug', m, f),
  info: (m: string, f?: Fields) => log('info', m, f),
  warn: (m: string, f?: Fields) => log('warning', m, f),
  error: (m: string, f?: Fields) => log('error', m, f),
  fatal: (m: string, f?: Fields) => log('fatal', m, f),
};
