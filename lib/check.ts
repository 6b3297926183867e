/** Boundary checks: each throws a RangeError naming the bad value and the allowed range. */

export function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`invalid ${name}: ${show(value)} (expected an integer from ${min} to ${max})`);
  }
  return value;
}

export function checkNumber(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`invalid ${name}: ${show(value)} (expected a number from ${min} to ${max})`);
  }
  return value;
}

export function checkOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    throw new RangeError(`invalid ${name}: ${show(value)} (expected one of ${allowed.join(", ")})`);
  }
  return value as T;
}

/** Checks that a flat batch holds exactly batch × size numbers. */
export function checkBatch(name: string, data: ArrayLike<number>, batch: number, size: number): void {
  if (!Number.isInteger(batch) || batch < 1) {
    throw new RangeError(`invalid batch size: ${show(batch)} (expected an integer of 1 or more)`);
  }
  if (data.length < batch * size) {
    throw new RangeError(
      `invalid ${name}: ${data.length} numbers for a batch of ${batch} × ${size} (expected ${batch * size})`
    );
  }
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
