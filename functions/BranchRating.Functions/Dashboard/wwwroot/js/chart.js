// The distribution chart: one stacked bar per scope value (best level on the left, 100% = the value's N), with
// the scheme's quotas of that scope drawn as dashed lines where the bound falls. Counts are in data-* attributes.
const NS = 'http://www.w3.org/2000/svg';
const PALETTE = ['#c8102e', '#e8590c', '#f2a900', '#74b816', '#1c7ed6', '#7048e8', '#868e96', '#495057', '#adb5bd', '#212529', '#ced4da'];

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Levels best first, each with its colour (worst levels get the greyer colours). */
export function levelColours(levelOrder) {
  const best = [...levelOrder].sort((a, b) => b.ordinal - a.ordinal);
  return best.map((l, i) => ({ ...l, colour: PALETTE[i % PALETTE.length] }));
}

/** Where, in a row stacked best first, the organizations a quota counts begin (in organizations). */
function runStart(quota, levels, counts) {
  let start = 0;
  for (const l of levels) {
    const inRun = quota.match === 'atOrBelow' ? l.ordinal <= quota.level : quota.match === 'atOrAbove' ? l.ordinal >= quota.level : l.ordinal === quota.level;
    if (inRun) return start;
    start += counts[l.label] ?? 0;
  }
  return start;
}

export function distributionChart(rows, levelOrder, label) {
  const levels = levelColours(levelOrder);
  const width = 640, labelWidth = 120, totalWidth = 56, rowHeight = 26, top = 4;
  const barWidth = width - labelWidth - totalWidth;
  const root = svg('svg', { viewBox: `0 0 ${width} ${top + rows.length * rowHeight + 4}`, role: 'img', 'aria-label': '等级分布图', class: 'distribution' });
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const g = svg('g', { class: 'row', 'data-value': row.value, 'data-total': row.total });
    g.append(svg('text', { x: labelWidth - 6, y: y + 16, 'text-anchor': 'end', class: 'label' }, label(row.value)));
    let x = 0;
    for (const l of levels) {
      const count = row.levels[l.label] ?? 0;
      const w = row.total > 0 ? (count / row.total) * barWidth : 0;
      const rect = svg('rect', { x: labelWidth + x, y: y + 3, width: w.toFixed(2), height: rowHeight - 8, fill: l.colour, class: 'seg', 'data-level': l.label, 'data-ordinal': l.ordinal, 'data-count': count });
      rect.append(svg('title', {}, `${row.value} ${l.label}: ${count}`));
      g.append(rect);
      x += w;
    }
    for (const q of row.quotas ?? []) {
      const at = runStart(q, levels, row.levels) + q.bound;
      const qx = labelWidth + (row.total > 0 ? Math.min(at / row.total, 1) * barWidth : 0);
      const line = svg('line', {
        x1: qx.toFixed(2), x2: qx.toFixed(2), y1: y, y2: y + rowHeight - 2,
        class: `quota ${q.atMost ? 'at-most' : 'at-least'}${q.met ? '' : ' unmet'}`,
        'data-quota': q.quota, 'data-kind': q.kind, 'data-bound': q.bound, 'data-count': q.count, 'data-met': q.met,
      });
      line.append(svg('title', {}, `${q.quota}：${q.levelLabel}${q.match === 'atOrBelow' ? '及以下' : q.match === 'atOrAbove' ? '及以上' : ''} ${q.atMost ? '至多' : '至少'} ${q.bound}，实际 ${q.count}`));
      g.append(line);
    }
    g.append(svg('text', { x: width - totalWidth + 6, y: y + 16, class: 'total' }, `N=${row.total}`));
    root.append(g);
  });
  return root;
}
