/** The one source of "now" for the server. Tests pass a fake clock to move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for lockout, idle timeout and calendar tests. */
export class FakeClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-11-21T09:00:00+08:00') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
  advanceDays(days: number): void {
    this.current += days * 86_400_000;
  }
}
