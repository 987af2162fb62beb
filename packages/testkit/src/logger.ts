import { pino, type Logger } from 'pino';

/**
 * A pino logger that writes nothing. It satisfies every logger the packages
 * take (the coordinator's pino `Logger`, the agent's `K3sLogger` and session
 * log).
 */
export const silentLogger: Logger = pino({ level: 'silent' });
