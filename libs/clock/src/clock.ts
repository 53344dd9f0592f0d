import type IORedis from 'ioredis';

/**
 * The time every service reads. In production it is the system clock. With CLOCK=manual (development and
 * tests only) one shared clock lives in Redis: it starts at CLOCK_START (or the real time) and only moves
 * forward; moving it publishes on a channel so every service fires what fell due (API.md "Manual clock").
 */
export abstract class Clock {
  abstract now(): Promise<Date>;
}

export class SystemClock extends Clock {
  now(): Promise<Date> {
    return Promise.resolve(new Date());
  }
}

export class ClockMovedBackwards extends Error {
  readonly code = 'INVALID_TRANSITION';
}

// Sets the key to ARGV[1] (epoch ms) unless that is earlier than what it holds; returns the value held after.
const ADVANCE = `
local cur = redis.call('GET', KEYS[1])
if cur and tonumber(cur) > tonumber(ARGV[1]) then return cur end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PUBLISH', KEYS[2], ARGV[1])
return ARGV[1]`;

export class ManualClock extends Clock {
  readonly key: string;
  readonly channel: string;

  constructor(
    private readonly redis: IORedis,
    prefix: string,
    private readonly start?: string,
  ) {
    super();
    this.key = `${prefix}:clock:now`;
    this.channel = `${prefix}:clock:moved`;
  }

  async now(): Promise<Date> {
    const held = await this.redis.get(this.key);
    if (held) return new Date(Number(held));
    const initial = this.start ? Date.parse(this.start) : Date.now();
    await this.redis.set(this.key, String(initial), 'NX');
    return new Date(Number(await this.redis.get(this.key)));
  }

  /** Moves the clock forward to `to`; refuses to move it back. Returns the new time. */
  async advance(to: Date): Promise<Date> {
    const current = await this.now();
    if (to.getTime() < current.getTime()) throw new ClockMovedBackwards(`the clock is at ${current.toISOString()} and never moves back`);
    const held = await this.redis.eval(ADVANCE, 2, this.key, this.channel, String(to.getTime()));
    const now = new Date(Number(held));
    if (now.getTime() !== to.getTime()) throw new ClockMovedBackwards(`the clock is at ${now.toISOString()} and never moves back`);
    return now;
  }
}

export interface ClockSettings {
  CLOCK: 'system' | 'manual';
  CLOCK_START?: string;
  REDIS_PREFIX: string;
}

export function createClock(settings: ClockSettings, redis: IORedis): Clock {
  return settings.CLOCK === 'manual' ? new ManualClock(redis, settings.REDIS_PREFIX, settings.CLOCK_START) : new SystemClock();
}
