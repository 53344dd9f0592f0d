/** A small horizontal bar chart in SVG: enough for the dashboard, no chart library in the bundle. */
export function Bars({ rows, unit = '', label, max }: { rows: { name: string; value: number; color?: string }[]; unit?: string; label: string; max?: number }) {
  const top = max ?? Math.max(1, ...rows.map((r) => r.value));
  const W = 360;
  return (
    <svg
      width="100%"
      viewBox={`0 0 ${W + 200} ${rows.length * 26 + 8}`}
      style={{ maxWidth: W + 200, display: 'block' }}
      role="img"
      aria-label={`${label}: ${rows.map((r) => `${r.name} ${r.value}${unit}`).join(', ')}`}
    >
      {rows.map((r, i) => (
        <g key={r.name} transform={`translate(0,${i * 26 + 4})`}>
          <text x={0} y={15} fontSize="12" fill="#111">
            {r.name.slice(0, 12)}
          </text>
          <rect x={130} y={2} height={18} width={Math.max(1, (r.value / top) * W * 0.8)} fill={r.color ?? '#0b57d0'} />
          <text x={136 + Math.max(1, (r.value / top) * W * 0.8)} y={15} fontSize="12" fill="#111">{`${Math.round(r.value * 100) / 100}${unit}`}</text>
        </g>
      ))}
    </svg>
  );
}
