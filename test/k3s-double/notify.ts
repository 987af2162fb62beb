// systemd readiness notification, as k3s does it with go-systemd SdNotify.
// k3s saves NOTIFY_SOCKET and unsets it at start so its children cannot
// notify (pkg/cli/server/server.go, pkg/agent/run.go @e7dd3b7e); it puts it
// back just before sending READY=1.
import { execFile } from 'node:child_process';
import { logger } from './log.js';

let saved: string | undefined;

/** Call once at start: remembers NOTIFY_SOCKET and removes it from our environment (and so from children). */
export function takeNotifySocket(): void {
  saved = process.env.NOTIFY_SOCKET;
  delete process.env.NOTIFY_SOCKET;
}

let sent = false;

/**
 * SdNotify(true, "READY=1\n"): nothing without NOTIFY_SOCKET. Node cannot send
 * unix datagrams, so this runs `systemd-notify READY=1` (the unit needs
 * NotifyAccess=all), or K3S_DOUBLE_NOTIFY_CMD with the same argument, with
 * NOTIFY_SOCKET in its environment.
 */
export function notifyReady(): Promise<void> {
  if (!saved || sent) return Promise.resolve();
  sent = true;
  const cmd = process.env.K3S_DOUBLE_NOTIFY_CMD || 'systemd-notify';
  return new Promise((resolve) => {
    execFile(cmd, ['READY=1'], { env: { ...process.env, NOTIFY_SOCKET: saved }, timeout: 10_000 }, (err) => {
      // k3s ignores SdNotify errors; the double warns, since a missing systemd-notify is a setup problem
      if (err) logger.warn(`k3s-double: sending READY=1 with ${cmd} failed: ${err.message}`);
      resolve();
    });
  });
}

export const notifySocketSet = (): boolean => saved !== undefined && saved !== '';
