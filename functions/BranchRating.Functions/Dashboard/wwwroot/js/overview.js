// Campaign overview: steps with deadline countdowns, submission progress, the level distribution per scope with
// quota lines, and the ranking tables with search and paging. Everything is aggregated or paged by the server.
import { get, tryGet, enc, ApiError } from './api.js';
import { el, section, table, fmt, labels, valueLabel, replace } from './dom.js';
import { distributionChart, levelColours } from './chart.js';

const PAGE = 20;
const ROWS_PER_CHART = 25;

export async function overviewPage(main, campaignId) {
  const id = enc(campaignId);
  const campaign = await get(`/campaigns/${id}`);
  document.title = `${campaign.name} · 结果看板`;
  const published = campaign.publishedVersion !== undefined && campaign.publishedVersion !== null;
  main.replaceChildren(
    el('section', {},
      el('h1', { text: campaign.name }),
      el('p', { class: 'muted' }, `${campaign.schemeName}（${campaign.schemeId} ${campaign.schemeVersion}）· `,
        published ? `已发布结果 v${campaign.publishedVersion}` : '结果尚未发布', ' · ',
        el('a', { href: `/dashboard/campaigns/${id}/notice`, text: '公示与异议' }))),
    stepsSection(campaign.steps),
    el('div', { id: 'progress' }),
    el('div', { id: 'distribution' }),
    el('div', { id: 'ranking' }));
  startCountdowns(main);
  const work = [progressSection(main.querySelector('#progress'), id)];
  if (published) {
    work.push(distributionSection(main.querySelector('#distribution'), id), rankingSection(main.querySelector('#ranking'), id));
  } else {
    main.querySelector('#distribution').replaceChildren(section('等级分布', el('p', { class: 'muted', text: '最后一个环节结束后发布结果，届时显示分布与排名。' })));
  }
  await Promise.all(work);
}

function stepsSection(steps) {
  return section('评定环节',
    table(['环节', '截止（北京时间）', '状态', '倒计时'], steps.map(s => el('tr', { 'data-step': s.kind },
      el('td', { text: `${s.order}. ${labels.step[s.kind] ?? s.kind}${s.final ? '（最终）' : ''}` }),
      el('td', { text: s.deadlineShanghai.replace('T', ' ') }),
      el('td', { text: labels.stepState[s.state] ?? s.state }),
      el('td', { class: 'countdown', 'data-deadline': s.deadline, 'data-state': s.state })))));
}

function startCountdowns(root) {
  const tick = () => {
    for (const cell of root.querySelectorAll('.countdown')) {
      const left = new Date(cell.dataset.deadline).getTime() - Date.now();
      if (cell.dataset.state === 'closed' || left <= 0) {
        cell.textContent = '已截止';
        cell.className = 'countdown past';
        continue;
      }
      const s = Math.floor(left / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
      cell.textContent = `还剩 ${d} 天 ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
      cell.className = `countdown${d < 3 ? ' soon' : ''}`;
    }
  };
  tick();
  setInterval(tick, 1000);
}

async function progressSection(host, id) {
  let progress;
  try {
    progress = await tryGet(`/campaigns/${id}/progress?scope=region`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 405) progress = null; else throw e;
  }
  if (!progress) {
    host.replaceChildren(section('提交与参与进度', el('p', { class: 'muted', text: '进度统计暂不可用。' })));
    return;
  }
  const t = progress.totals;
  const bar = ratio => el('div', { class: 'bar', title: fmt.pct(ratio) }, el('span', { style: `width:${Math.min(100, (ratio ?? 0) * 100).toFixed(1)}%` }));
  host.replaceChildren(section('提交与参与进度',
    el('div', { class: 'cards', 'data-progress-total': t.organizations },
      el('div', { class: 'card' }, '组织', el('b', { text: fmt.num(t.organizations) })),
      el('div', { class: 'card' }, '自评已提交', el('b', { text: fmt.num(t.selfAssessmentsSubmitted) }), bar(t.organizations ? t.selfAssessmentsSubmitted / t.organizations : 0)),
      el('div', { class: 'card' }, '上级已审核', el('b', { text: fmt.num(t.reviewedOrganizations) }), bar(t.organizations ? t.reviewedOrganizations / t.organizations : 0)),
      el('div', { class: 'card' }, '测评参与率', el('b', { text: fmt.pct(t.participation) }), bar(t.participation))),
    el('p', {}),
    table(['区域', { text: '组织', class: 'num' }, { text: '自评', class: 'num' }, { text: '审核', class: 'num' }, { text: '测评票', class: 'num hide-narrow' }, '参与率'],
      progress.rows.map(r => el('tr', { 'data-value': r.value },
        el('td', { text: r.value }), el('td', { class: 'num', text: fmt.num(r.organizations) }),
        el('td', { class: 'num', text: fmt.num(r.selfAssessmentsSubmitted) }), el('td', { class: 'num', text: fmt.num(r.reviewedOrganizations) }),
        el('td', { class: 'num hide-narrow', text: `${fmt.num(r.ballotsCast)} / ${fmt.num(r.ballotsExpected)}` }),
        el('td', {}, fmt.pct(r.participation), bar(r.participation)))))));
}

async function distributionSection(host, id) {
  const scopes = ['region', 'county', 'field'];
  const tabs = el('div', { class: 'controls tabs', role: 'group', 'aria-label': '分布范围' });
  const body = el('div', { class: 'chart' });
  host.replaceChildren(section('等级分布（虚线为名额线）', tabs, body));
  const show = async (scope, page = 0) => {
    for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.scope === scope));
    const d = await get(`/campaigns/${id}/distribution/${scope}`);
    const rows = [...d.rows].sort((a, b) => a.value.localeCompare(b.value, 'zh-CN'));
    const shown = rows.slice(page * ROWS_PER_CHART, (page + 1) * ROWS_PER_CHART);
    const levels = levelColours(d.levelOrder ?? []);
    const totals = Object.fromEntries(levels.map(l => [l.label, rows.reduce((n, r) => n + (r.levels[l.label] ?? 0), 0)]));
    const all = rows.reduce((n, r) => n + r.total, 0);
    const quotaKinds = new Set(rows.flatMap(r => (r.quotas ?? []).map(q => q.atMost)));
    replace(body,
      distributionChart(shown, d.levelOrder ?? [], v => valueLabel(scope, v)),
      el('div', { class: 'legend' },
        levels.map(l => el('span', { 'data-level-total': l.label, 'data-count': totals[l.label] }, el('i', { style: `background:${l.colour}` }), `${l.label} ${fmt.num(totals[l.label])}`)),
        el('span', { class: 'muted', text: `合计 ${fmt.num(all)}` }),
        quotaKinds.has(true) ? el('span', {}, el('i', { class: 'q-most' }), '名额上限') : null,
        quotaKinds.has(false) ? el('span', {}, el('i', { class: 'q-least' }), '名额下限/目标') : null),
      quotaKinds.size === 0 ? el('p', { class: 'muted', text: `方案在此范围（${labels.scope[scope]}）没有名额限制。` }) : null,
      rows.length > ROWS_PER_CHART ? el('div', { class: 'pager' },
        el('button', { type: 'button', disabled: page === 0, onclick: () => show(scope, page - 1), text: '上一组' }),
        el('span', { class: 'muted', text: `${page * ROWS_PER_CHART + 1}–${Math.min(rows.length, (page + 1) * ROWS_PER_CHART)} / ${rows.length}` }),
        el('button', { type: 'button', disabled: (page + 1) * ROWS_PER_CHART >= rows.length, onclick: () => show(scope, page + 1), text: '下一组' })) : null);
    body.dataset.scope = scope;
    if (!body.dataset.rendered) body.dataset.renderedAt = String(Math.round(performance.now())); // time to first render
    body.dataset.rendered = 'true';
  };
  for (const scope of scopes) tabs.append(el('button', { type: 'button', 'data-scope': scope, onclick: () => show(scope), text: labels.scope[scope] }));
  await show('region');
}

async function rankingSection(host, id) {
  const scopeSelect = el('select', { 'aria-label': '排名范围' }, ['region', 'county', 'field'].map(s => el('option', { value: s, text: labels.scope[s] })));
  const valueSelect = el('select', { 'aria-label': '范围取值' });
  const search = el('input', { type: 'search', placeholder: '按代码或名称开头搜索', 'aria-label': '搜索' });
  const body = el('div', { id: 'ranking-table' });
  const pager = el('div', { class: 'pager' });
  host.replaceChildren(section('排名', el('form', { class: 'controls', onsubmit: e => { e.preventDefault(); load(); } }, scopeSelect, valueSelect, search, el('button', { type: 'submit', text: '查询' })), body, pager));
  let tokens = [null];
  let page = 0;

  const fillValues = async () => {
    const d = await get(`/campaigns/${id}/distribution/${scopeSelect.value}`);
    const values = d.rows.map(r => r.value).sort((a, b) => a.localeCompare(b, 'zh-CN'));
    valueSelect.replaceChildren(...values.map(v => el('option', { value: v, text: valueLabel(scopeSelect.value, v) })));
  };
  const load = async (to = 0) => {
    if (to === 0) tokens = [null];
    page = to;
    const q = search.value.trim();
    const query = new URLSearchParams({ pageSize: String(PAGE) });
    if (tokens[page]) query.set('continuationToken', tokens[page]);
    if (q) query.set('q', q);
    const r = await get(`/campaigns/${id}/rankings/${enc(scopeSelect.value)}/${enc(valueSelect.value)}?${query}`);
    tokens[page + 1] = r.continuationToken ?? null;
    body.replaceChildren(r.items.length === 0 ? el('p', { class: 'muted', text: q ? '本页没有匹配的组织。' : '没有结果。' }) :
      table([{ text: '名次', class: 'num' }, { text: '代码', class: 'hide-narrow' }, '名称', { text: '总分', class: 'num' }, '等级'], r.items.map(x => el('tr', { 'data-code': x.code, 'data-rank': x.rank },
        el('td', { class: 'num', text: x.rank }),
        el('td', { class: 'hide-narrow', text: x.code }),
        el('td', {}, el('a', { href: `/dashboard/campaigns/${id}/organizations/${enc(x.code)}`, text: x.name || x.code })),
        el('td', { class: 'num', text: fmt.num(x.finalTotal) }),
        el('td', { text: x.level })))));
    pager.replaceChildren(
      el('button', { type: 'button', disabled: page === 0, onclick: () => load(page - 1), text: '上一页' }),
      el('span', { class: 'muted', text: `第 ${page + 1} 页` }),
      el('button', { type: 'button', disabled: !tokens[page + 1], onclick: () => load(page + 1), text: '下一页' }));
  };
  scopeSelect.addEventListener('change', async () => { await fillValues(); await load(); });
  valueSelect.addEventListener('change', () => load());
  await fillValues();
  await load();
}
