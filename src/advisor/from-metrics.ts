import { AdvisorInputError } from './advisor-errors.js';
import type { WorkloadInput } from './workload.js';

const SECONDS_PER_MONTH = 730 * 3600;

export interface DerivedWorkload {
  workload: WorkloadInput;
  /** How each number was derived, for the user to judge. */
  notes: string[];
}

/**
 * Derives the API workload from what the app measured: either its request log (one JSON line per request,
 * `message: "request"` with `ms` and `timestamp`, written by src/http/middleware/request-context.ts) or a
 * bench result (bench/results/*.json, whose `summary` rows carry `... req/s` and `... p50 ms`).
 */
export function workloadFromMetrics(text: string): DerivedWorkload {
  const trimmed = text.trim();
  const whole = tryJson(trimmed);
  if (isBench(whole)) return fromBench(whole);
  return fromRequestLog(trimmed.split('\n'));
}

interface RequestLine {
  ms: number;
  at: number;
  memoryMb?: number;
}

function fromRequestLog(lines: string[]): DerivedWorkload {
  const requests: RequestLine[] = [];
  for (const line of lines) {
    const parsed = tryJson(line.trim()) as Record<string, unknown> | undefined;
    if (parsed?.message !== 'request' || typeof parsed.ms !== 'number') continue;
    const at = Date.parse(String(parsed.timestamp));
    if (Number.isNaN(at)) continue;
    const memory = parsed.function_memory_size;
    requests.push({ ms: parsed.ms, at, ...(typeof memory === 'number' ? { memoryMb: memory } : {}) });
  }
  if (requests.length === 0)
    throw new AdvisorInputError(
      "No request metrics found: expected the app's request log lines or a bench result JSON",
      [
        {
          path: 'from-metrics',
          message: 'no line with message "request", a numeric ms and a timestamp, and no bench summary',
        },
      ],
    );
  const times = requests.map((r) => r.at).sort((a, b) => a - b);
  const first = times[0] ?? 0;
  const spanS = Math.max(1, ((times.at(-1) ?? first) - first) / 1000);
  const perSecond = requests.length / spanS;
  const avgDurationMs = requests.reduce((sum, r) => sum + r.ms, 0) / requests.length;
  const memoryMb = requests.find((r) => r.memoryMb !== undefined)?.memoryMb;
  const notes = [
    `${requests.length} request(s) over ${spanS.toFixed(0)} s: ${perSecond.toFixed(3)} req/s, extrapolated to a 730-hour month`,
    `avgDurationMs is the mean logged duration (${avgDurationMs.toFixed(1)} ms)`,
  ];
  const api: NonNullable<WorkloadInput['api']> = {
    requestsPerMonth: Math.round(perSecond * SECONDS_PER_MONTH),
    avgDurationMs: Math.max(0.1, Math.round(avgDurationMs * 10) / 10),
  };
  if (memoryMb !== undefined) {
    api.memoryMb = memoryMb;
    notes.push(`memoryMb from the Lambda lines' function_memory_size (${memoryMb})`);
  }
  if (spanS >= 24 * 3600) {
    const hourly = Array.from({ length: 24 }, () => 0);
    for (const at of times)
      hourly[new Date(at).getUTCHours()] = (hourly[new Date(at).getUTCHours()] ?? 0) + 1;
    api.hourlyProfile = hourly;
    notes.push('hourlyProfile counts requests per UTC hour of the day over the whole log');
  } else if (spanS >= 120) {
    const perMinute = new Map<number, number>();
    for (const at of times)
      perMinute.set(Math.floor(at / 60_000), (perMinute.get(Math.floor(at / 60_000)) ?? 0) + 1);
    api.peakToAverage = Math.max(1, Math.max(...perMinute.values()) / (perSecond * 60));
    notes.push('peakToAverage is the busiest minute over the average minute of the log');
  } else notes.push('the log spans under 2 minutes: peakToAverage is left to the model default');
  return { workload: { api }, notes };
}

type Bench = { name?: unknown; summary: Record<string, unknown>[] };

function isBench(value: unknown): value is Bench {
  return typeof value === 'object' && value !== null && Array.isArray((value as Bench).summary);
}

/** The first summary row's server-side (`server`/`http`) throughput and median latency, as a sustained load. */
function fromBench(bench: Bench): DerivedWorkload {
  for (const row of bench.summary) {
    const key = (suffix: string) =>
      Object.keys(row).find(
        (k) => /^(server|http) /.test(k) && k.endsWith(suffix) && typeof row[k] === 'number',
      );
    const rpsKey = key('req/s');
    const p50Key = key('p50 ms');
    if (!rpsKey || !p50Key) continue;
    const rps = row[rpsKey] as number;
    const p50 = row[p50Key] as number;
    return {
      workload: {
        api: { requestsPerMonth: Math.round(rps * SECONDS_PER_MONTH), avgDurationMs: Math.max(0.1, p50) },
      },
      notes: [
        `from bench ${String(bench.name ?? '')}: ${rpsKey} ${rps} held all month, avgDurationMs = ${p50Key} ${p50}`,
        'a bench measures capacity under load, not real traffic: treat the result as the top of the range',
      ],
    };
  }
  throw new AdvisorInputError('The bench result has no summary row with server req/s and p50 ms', [
    {
      path: 'from-metrics.summary',
      message: 'needs a row with "server req/s" (or "http req/s") and "server p50 ms"',
    },
  ]);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
