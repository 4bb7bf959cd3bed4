import { get, enc } from './api.js';
import { el, section, table, fmt, labels, reasonCode } from './dom.js';

export async function noticePage(main, campaignId) {
  const [campaign, board] = await Promise.all([get(`/campaigns/${enc(campaignId)}`), get(`/campaigns/${enc(campaignId)}/lifecycle/objections`)]);
  document.title = `公示与异议 · ${campaign.name}`;
  const n = board.notice;
  main.replaceChildren(
    el('p', {}, el('a', { href: `/dashboard/campaigns/${enc(campaignId)}`, text: `← ${campaign.name}` })),
    section('公示',
      n ? el('dl', { class: 'facts', 'data-notice-version': n.version },
        el('dt', { text: '公示版本' }), el('dd', { text: `v${n.version}` }),
        el('dt', { text: '公示期' }), el('dd', { text: `${n.startsShanghai} 至 ${n.endsShanghai}（北京时间）` }),
        el('dt', { text: '状态' }), el('dd', { text: n.ended ? '公示期已结束' : '公示中' }))
        : el('p', { class: 'muted', id: 'no-notice', text: '结果尚未进入公示。' })),
    section(`异议（${board.items.length}）`,
      board.items.length === 0 ? el('p', { class: 'muted', id: 'no-objections', text: '没有收到异议。' }) :
        table(['组织', '异议内容', '提出时间', '状态', '处理'], board.items.map(o => el('tr', { class: 'objection', 'data-objection': o.id, 'data-state': o.state },
          el('td', {}, el('a', { href: `/dashboard/campaigns/${enc(campaignId)}/organizations/${enc(o.organizationCode)}`, text: o.organizationCode })),
          el('td', { class: 'wrap', text: o.text }),
          el('td', { text: fmt.shanghai(o.raisedAt) }),
          el('td', { class: `state-${o.state}`, text: labels.objection[o.state] ?? o.state }),
          el('td', { class: 'wrap' }, o.reasonCode ? reasonCode(o.reasonCode) : null, ' ', o.decisionReason ?? '',
            o.toLevel !== undefined && o.toLevel !== null ? ` （等级 ${o.fromLevel} → ${o.toLevel}）` : ''))))));
}
