/**
 * Leading-edge throttle: the first call runs at once, later calls are dropped until
 * `intervalMs` has passed since the last call that ran. Used for `touch_session`, which the
 * UI sends on keyboard or mouse activity at most once per interval; the backend's idle
 * timer stays the authority on when the vault locks.
 */
export interface Throttle {
  /** Runs the function if the interval has passed; returns whether it ran. */
  call(): boolean;
  /** Forgets the last run, so the next call runs at once. */
  reset(): void;
}

export function createThrottle(
  fn: () => void,
  intervalMs: number,
  now: () => number = () => performance.now(),
): Throttle {
  let last: number | null = null;
  return {
    call() {
      const t = now();
      if (last !== null && t - last < intervalMs) return false;
      last = t;
      fn();
      return true;
    },
    reset() {
      last = null;
    },
  };
}
