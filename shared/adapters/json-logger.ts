import type { LogFields, Logger } from '../ports.ts';

/** One JSON line per event, the shape CloudWatch Logs Insights queries best. */
export class JsonLogger implements Logger {
  constructor(private readonly write: (line: string) => void = (line) => console.log(line)) {}

  info(event: string, fields: LogFields = {}): void {
    this.write(JSON.stringify({ level: 'info', event, ...fields }));
  }

  error(event: string, fields: LogFields = {}): void {
    this.write(JSON.stringify({ level: 'error', event, ...fields }));
  }
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };
