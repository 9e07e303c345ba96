import { useId } from 'preact/hooks';
import { money } from '../ui/format';
import { bars, type DayTotal, niceCeiling, ticks } from './sales-figures';

const WIDTH = 720;
const HEIGHT = 260;
const LEFT = 72;
const BOTTOM = 28;
const TOP = 10;
const PLOT_W = WIDTH - LEFT - 8;
const PLOT_H = HEIGHT - TOP - BOTTOM;

/**
 * Revenue per day of one currency as bars, drawn here (no chart library). An image to screen readers, named
 * by its <title> and summed up by its <desc>; the table under it has every number, so none is only here.
 */
export function RevenueChart({ currency, days }: { currency: string; days: readonly DayTotal[] }) {
  const titleId = useId();
  const descId = useId();
  const max = Math.max(0, ...days.map((d) => d.revenue));
  const ceiling = niceCeiling(max);
  const shapes = bars(
    days.map((d) => d.revenue),
    ceiling,
    PLOT_W,
    PLOT_H,
  );
  const total = days.reduce((sum, d) => sum + d.revenue, 0);
  const best = days.find((d) => d.revenue === max && max > 0);
  const first = days[0]?.day;
  const last = days.at(-1)?.day;
  const labelled = new Set([0, Math.floor((days.length - 1) / 2), days.length - 1]);
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={titleId}>
        Revenue per day in {currency}, {first} to {last}
      </title>
      <desc id={descId}>
        {`${money({ amount: total, currency })} over ${days.length} days`}
        {best === undefined
          ? ', no sales.'
          : `; the best day ${best.day} with ${money({ amount: max, currency })}.`}
        {' The table below lists every day.'}
      </desc>
      <g transform={`translate(${LEFT} ${TOP})`}>
        {ticks(ceiling).map((value) => {
          const y = PLOT_H - (value / ceiling) * PLOT_H;
          return (
            <g key={value} class="gridline">
              <line x1={0} x2={PLOT_W} y1={y} y2={y} />
              <text x={-6} y={y} dy="0.32em" text-anchor="end">
                {money({ amount: value, currency })}
              </text>
            </g>
          );
        })}
        {shapes.map((bar, i) => (
          <rect key={days[i]?.day} class="bar" x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
            <title>{`${days[i]?.day}: ${money({ amount: days[i]?.revenue ?? 0, currency })}`}</title>
          </rect>
        ))}
        {days.map((d, i) =>
          labelled.has(i) ? (
            <text
              key={d.day}
              class="axis-label"
              x={(i + 0.5) * (PLOT_W / days.length)}
              y={PLOT_H + 18}
              text-anchor={
                i === 0 && days.length > 1
                  ? 'start'
                  : i === days.length - 1 && days.length > 1
                    ? 'end'
                    : 'middle'
              }
            >
              {d.day}
            </text>
          ) : null,
        )}
        <line class="axis" x1={0} x2={PLOT_W} y1={PLOT_H} y2={PLOT_H} />
      </g>
    </svg>
  );
}
