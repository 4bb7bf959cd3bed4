// Why an organization got its level: totals and band, indicator scores per rater group, ballots, adjustments,
// every level change with its reason code (engine: lowering, cap, veto, quotas; notice: objections, determination),
// and, with ?series=…, its history across cycles.
import { get, tryGet, enc } from './api.js';
import { el, section, table, fmt, labels, valueLabel, reasonCode, replace } from './dom.js';

export async function organizationPage(main, campaignId, code) {
  const id = enc(campaignId);
  const [campaign, r, lifecycle] = await Promise.all([
    get(`/campaigns/${id}`), get(`/campaigns/${id}/results/${enc(code)}`), tryGet(`/campaigns/${id}/lifecycle/results/${enc(code)}`).catch(() => null)]);
  document.title = `${r.name} · ${campaign.name}`;
  const result = r.result ?? {};
  const x = result.explanation ?? {};
  const totals = result.totals ?? {};
  const series = new URLSearchParams(location.search).get('series');
  replace(main,
    el('p', {}, el('a', { href: `/dashboard/campaigns/${id}`, text: `← ${campaign.name}` })),
    el('section', { 'data-code': r.code, 'data-level': r.level },
      el('h1', { text: r.name || r.code }),
      el('dl', { class: 'facts' },
        el('dt', { text: '组织代码' }), el('dd', { text: r.code }),
        el('dt', { text: '区域 / 县 / 领域' }), el('dd', { text: `${r.region} / ${r.county} / ${valueLabel('field', r.field)}` }),
        el('dt', { text: '最终得分' }), el('dd', { id: 'final-total', text: fmt.num(r.finalTotal) }),
        el('dt', { text: '评定等级' }), el('dd', { id: 'level' }, el('b', { text: r.level }),
          lifecycle && lifecycle.levelOrdinal !== lifecycle.publishedLevelOrdinal ? `（公示后调整为 ${lifecycle.level}）` : ''),
        el('dt', { text: '状态' }), el('dd', { class: lifecycle ? `status-${lifecycle.status}` : '', text: lifecycle ? (labels.status[lifecycle.status] ?? lifecycle.status) : `已发布 v${r.version}` }),
        el('dt', { text: '排名' }), el('dd', { text: Object.entries(r.ranks ?? {}).map(([k, v]) => `${k} 第 ${v} 名`).join('；') || '—' }))),
    section('为什么是这个等级',
      el('p', {}, '分档：', el('b', { text: x.band || '—' })),
      el('div', { class: 'cards' },
        el('div', { class: 'card' }, '基础分', el('b', { text: fmt.num(totals.base) })),
        el('div', { class: 'card' }, '加分', el('b', { text: fmt.num(totals.bonus) })),
        el('div', { class: 'card' }, '扣分', el('b', { text: fmt.num(totals.deductions) })),
        el('div', { class: 'card' }, '最终', el('b', { text: fmt.num(totals.final) }))),
      el('h2', { text: '等级变动及原因', style: 'margin-top:1rem' }),
      changesTable(result.levelChanges ?? [], lifecycle?.changes ?? []),
      (result.flags ?? []).length ? el('p', {}, '标记：', (result.flags ?? []).map(f => [reasonCode(f), ' '])) : null),
    indicatorSection(x),
    ballotSection(x.ballots ?? []),
    adjustmentSection(x.adjustments ?? []),
    el('div', { id: 'history' }));
  await historySection(main.querySelector('#history'), series, code);
}

const afterNotice = rule => /^(objection|final-determination):/.test(rule ?? '');

function changesTable(engine, notice) {
  // A re-rating after the notice (an upheld objection, a final adjustment) is published as a new version whose level
  // changes already hold it (rule "objection:<id>" or "final-determination:<code>"): list it once, as that row.
  const ordinal = v => v?.ordinal ?? v;
  const republished = engine.filter(c => afterNotice(c.rule));
  notice = notice.filter(n => !republished.some(c => c.reason === n.reasonCode && ordinal(c.to) === n.to));
  const rows = [
    ...engine.map(c => el('tr', { class: 'change', 'data-reason': c.reason },
      el('td', { text: afterNotice(c.rule) ? '公示后复核' : '计分规则' }), el('td', { text: `${c.from?.label ?? c.from} → ${c.to?.label ?? c.to}` }),
      el('td', {}, reasonCode(c.reason), ' ', labels.reason[c.reason] ?? ''), el('td', { class: 'wrap', text: [c.rule, c.detail].filter(Boolean).join('：') }))),
    ...notice.map(c => el('tr', { class: 'change', 'data-reason': c.reasonCode },
      el('td', { text: `${c.by} · ${fmt.shanghai(c.at)}` }), el('td', { text: `${c.fromLabel} → ${c.toLabel}` }),
      el('td', {}, reasonCode(c.reasonCode), ' ', labels.reason[c.reasonCode] ?? ''), el('td', { class: 'wrap', text: c.reason }))),
  ];
  return rows.length === 0 ? el('p', { class: 'muted', id: 'no-changes', text: '等级由得分分档直接确定，没有降级、封顶、否决或名额调整。' })
    : table(['来源', '等级', '原因代码', '说明'], rows);
}

function indicatorSection(x) {
  const indicators = x.indicators ?? [], groups = x.groups ?? [];
  if (indicators.length === 0) return null;
  return section('各指标得分（按评价主体）',
    table(['指标', ...groups.map(g => ({ text: `${g.group}（${g.raters} 人${g.sufficient ? '' : '，不足'}）`, class: 'num' })), { text: '综合', class: 'num' }],
      indicators.map((line, i) => el('tr', { 'data-indicator': line.indicator },
        el('td', { text: line.indicator }),
        groups.map(g => el('td', { class: 'num', title: `权重 ${g.weights?.[i] ?? 0}`, text: `${fmt.num(g.scores?.[i])}${(g.weights?.[i] ?? 0) > 0 ? ` ×${g.weights[i]}` : ''}` })),
        el('td', { class: 'num', text: fmt.num(line.score) })))),
    el('p', { class: 'muted', text: '“×”后为该主体在综合分中的权重；无权重的为仅作参考。' }));
}

function ballotSection(ballots) {
  if (ballots.length === 0) return null;
  return section('民主测评',
    table(['测评', { text: '有效票', class: 'num' }, { text: '应参与', class: 'num' }, '满意率', '参与率'], ballots.map(b => el('tr', { 'data-ballot': b.ballot },
      el('td', { text: b.ballot }), el('td', { class: 'num', text: fmt.num(b.valid) }), el('td', { class: 'num', text: fmt.num(b.eligible) }),
      el('td', { text: b.satisfaction === undefined || b.satisfaction === null ? '—' : `${fmt.num(b.satisfaction)}%` }),
      el('td', { text: b.participation === undefined || b.participation === null ? '—' : `${fmt.num(b.participation)}%${b.sufficient ? '' : '（不足）'}` })))));
}

function adjustmentSection(adjustments) {
  return section('加减分',
    adjustments.length === 0 ? el('p', { class: 'muted', text: '没有加分或扣分。' }) :
      table(['项目', '类别', { text: '分值', class: 'num' }, '说明'], adjustments.map(a => el('tr', { 'data-adjustment': a.item },
        el('td', { text: a.item }), el('td', { text: labels.adjustment[a.kind] ?? a.kind }), el('td', { class: 'num', text: fmt.num(a.points) }), el('td', { class: 'wrap', text: a.detail })))));
}

async function historySection(host, series, code) {
  const form = el('form', { class: 'controls', method: 'get' },
    el('input', { type: 'search', name: 'series', value: series ?? '', placeholder: '评定系列编号', 'aria-label': '评定系列' }), el('button', { type: 'submit', text: '查看历次评定' }));
  if (!series) {
    host.replaceChildren(section('历次评定', el('p', { class: 'muted', text: '历次评定按评定系列登记；填写系列编号查看。' }), form));
    return;
  }
  const h = await tryGet(`/series/${enc(series)}/organizations/${enc(code)}/history`);
  host.replaceChildren(section('历次评定', form,
    !h || h.rounds.length === 0 ? el('p', { class: 'muted', text: '该系列中没有此组织的评定记录。' }) :
      table(['年度', '轮次', '评定活动', '等级', '变化'], h.rounds.map(e => el('tr', { 'data-round': `${e.year}-${e.round}` },
        el('td', { text: e.year }), el('td', { text: e.round }),
        el('td', {}, el('a', { href: `/dashboard/campaigns/${enc(e.campaignId)}/organizations/${enc(code)}?series=${enc(series)}`, text: e.campaignId })),
        el('td', { text: e.level }), el('td', { text: e.changeText ?? '—' })))),
    h && (h.secretaryReplacementFlag || h.consecutiveBottomRounds > 0)
      ? el('p', { class: 'error', text: `连续排名靠后 ${h.consecutiveBottomRounds} 轮；连续 ${h.yearsWithoutStar} 年未评星${h.secretaryReplacementFlag ? '，需考虑调整书记' : ''}。` }) : null));
}
