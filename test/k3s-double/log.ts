// logrus-style text logging to stderr, like k3s: time="..." level=info msg="..."
export type Level = 'debug' | 'info' | 'warning' | 'error' | 'fatal';

let debugEnabled = false;
export function setDebug(on: boolean): void {
  debugEnabled = on;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

export function log(level: Level, msg: string): void {
  if (level === 'debug' && !debugEnabled) return;
  const time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  process.stderr.write(`time="${time}" level=${level} msg=${quote(msg)}\n`);
}

export const logger = {
  debug: (m: string) => log('debug', m),
  info: (m: string) => log('info', m),
  warn: (m: string) => log('warning', m),
  error: (m: string) => log('error', m),
  fatal: (m: string) => log('fatal', m),
};
