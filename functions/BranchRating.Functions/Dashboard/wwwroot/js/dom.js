// Tiny DOM helpers: text is always set as text (never as HTML), so names from the roster cannot inject markup.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'style') node.style.cssText = v; // CSSOM, allowed by the page's Content-Security-Policy
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function table(headers, rows) {
  return el('div', { class: 'table-wrap' },
    el('table', {},
      el('thead', {}, el('tr', {}, headers.map(h => typeof h === 'string' ? el('th', { text: h }) : el('th', h)))),
      el('tbody', {}, rows)));
}

export function section(title, ...children) {
  return el('section', {}, el('h2', { text: title }), ...children);
}

export const fmt = {
  num: n => (n === null || n === undefined) ? '—' : Number(n).toLocaleString('zh-CN', { maximumFractionDigits: 2 }),
  pct: r => (r === null || r === undefined) ? '—' : `${(Number(r) * 100).toFixed(1)}%`,
  shanghai: iso => iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—',
};

export const labels = {
  scope: { region: '区域（乡镇/街道）', county: '县（市、区）', field: '领域' },
  field: { rural: '农村', community: '社区', organ: '机关', institution: '事业单位', enterprise: '企业', social: '社会组织' },
  step: { 'self-assessment': '支部自评', appraisal: '民主测评', 'superior-review': '上级审核', determination: '审定' },
  stepState: { open: '进行中', closed: '已结束' },
  objection: { open: '待处理', upheld: '异议成立', dismissed: '已驳回' },
  status: { 'under-notice': '公示中', 'under-review': '异议复核中', final: '已确定', 'not-published': '未发布' },
  reason: {
    lowering: '降级', cap: '封顶', veto: '一票否决', 'quota-cap': '名额上限', 'quota-floor': '名额下限',
    'objection-upheld': '异议成立', determination: '审定调整',
  },
  adjustment: { bonus: '加分', deduction: '扣分', 'bonus-cap': '加分封顶', 'deduction-cap': '扣分封顶' },
  quota: { cap: '上限', floor: '下限', target: '目标', minimumPerScope: '每单位至少' },
};

export function valueLabel(scope, value) {
  return scope === 'field' ? (labels.field[value] ?? value) : value;
}

export function reasonCode(code) {
  return el('code', { class: 'reason', 'data-reason-code': code, title: labels.reason[code] ?? code }, code);
}

export function showError(main, error) {
  main.replaceChildren(el('section', {}, el('p', { class: 'error', role: 'alert', text: `出错了：${error.message}` }),
    error.status === 401 || error.status === 403 ? el('p', { class: 'muted', text: '请在页面上方填入有效的访问令牌（观察员及以上）。' }) : null));
}

/** Replaces a node's children, leaving out the absent ones (replaceChildren would write "null"). */
export function replace(node, ...children) {
  node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
}
