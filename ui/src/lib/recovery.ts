/** The part of a recovery key the person types back: everything after the last '-'. */
export function lastGroup(recoveryKey: string): string {
  const key = recoveryKey.trim();
  return key.slice(key.lastIndexOf("-") + 1);
}

function normalise(text: string): string {
  return text.replace(/\s+/g, "").toUpperCase();
}

/** Whether `typed` is the last group of the key (ignoring case and spaces). */
export function confirmsLastGroup(recoveryKey: string, typed: string): boolean {
  const expected = normalise(lastGroup(recoveryKey));
  return expected.length > 0 && normalise(typed) === expected;
}
