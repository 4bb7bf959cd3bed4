import { get, enc } from './api.js';
import { el, section, table, fmt } from './dom.js';

export async function campaignsPage(main) {
  document.title = '评定活动 · 结果看板';
  const list = await get('/campaigns');
  main.replaceChildren(section('评定活动',
    list.items.length === 0 ? el('p', { class: 'muted', text: '还没有评定活动。' }) :
      table(['名称', '方案', '创建时间', '结果'], list.items.map(c => el('tr', {},
        el('td', {}, el('a', { href: `/dashboard/campaigns/${enc(c.id)}`, text: c.name || c.id })),
        el('td', { text: `${c.schemeName}` }),
        el('td', { text: fmt.shanghai(c.createdAt) }),
        el('td', { text: c.publishedVersion ? `已发布 v${c.publishedVersion}` : '未发布' })))),
    list.continuationToken ? el('p', { class: 'muted', text: '仅显示第一页。' }) : null));
}
