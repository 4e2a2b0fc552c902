import type { LogFields, Logger } from '../ports.ts';

/** One JSON line per event, the shape CloudWatch Logs Insights queries best. */
export class JsonLogger implements Logger {
  private readonly write: (line: string) => void;
  constructor(write: (line: string) => void = (line) => console.log(line)) {
    this.write = write;
  }

  info(event: string, fields: LogFields = {}): void {
    this.write(JSON.stringify({ level: 'info', event, ...fields }));
  }

  error(event: string, fields: LogFields = {}): void {
    this.write(JSON.stringify({ level: 'error', event, ...fields }));
  }
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };
