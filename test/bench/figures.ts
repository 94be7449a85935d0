// How `npm run bench` prints a figure measured against a floor from the same run: the figure, the
// floor, their ratio and whether the ratio reaches what issue 8 asks of it.

/** A throughput (higher is better) as a fraction of its floor's; `required` is the least fraction asked for. */
export function reportRate(name: string, perSecond: number, floorPerSecond: number, required: number, note = '') {
  const ratio = perSecond / floorPerSecond;
  line(
    name,
    `${perSecond.toFixed(0).padStart(7)} /s`,
    `floor ${floorPerSecond.toFixed(0).padStart(7)} /s`,
    `${ratio.toFixed(2)}x (>= ${required}x)`,
    ratio >= required,
    note,
  );
}

/** A duration (lower is better) as a multiple of its floor's; `allowed` is the most multiple asked for. */
export function reportDuration(name: string, ms: number, floorMs: number, allowed: number, note = '') {
  const ratio = ms / floorMs;
  line(name, `${ms.toFixed(0).padStart(7)} ms`, `floor ${floorMs.toFixed(0).padStart(7)} ms`, `${ratio.toFixed(2)}x (<= ${allowed}x)`, ratio <= allowed, note);
}

/** A figure against a fixed limit (latency, memory, bytes): lower is better. */
export function reportLimit(name: string, value: number, limit: number, unit: string, note = '') {
  line(name, `${value.toFixed(unit === 'ms' ? 1 : 0).padStart(7)} ${unit}`, `limit ${limit.toFixed(0).padStart(7)} ${unit}`, '', value <= limit, note);
}

function line(name: string, value: string, floor: string, ratio: string, met: boolean, note: string) {
  process.stdout.write(`${name.padEnd(58)} ${value.padEnd(11)} ${floor.padEnd(17)} ${ratio.padEnd(18)} ${(met ? 'met' : 'MISSED').padEnd(6)} ${note}\n`);
}
