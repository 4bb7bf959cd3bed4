// Routes on the address: /dashboard/ (campaigns), /dashboard/campaigns/{id} (overview),
// /dashboard/campaigns/{id}/organizations/{code} (why this level), /dashboard/campaigns/{id}/notice (notice list).
import { initToken } from './api.js';
import { showError } from './dom.js';
import { campaignsPage } from './campaigns.js';
import { overviewPage } from './overview.js';
import { organizationPage } from './organization.js';
import { noticePage } from './notice.js';

initToken();
const main = document.getElementById('main');
const parts = location.pathname.replace(/^\/dashboard\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);

async function route() {
  if (parts[0] === 'campaigns' && parts.length === 2) return overviewPage(main, parts[1]);
  if (parts[0] === 'campaigns' && parts[2] === 'organizations' && parts.length === 4) return organizationPage(main, parts[1], parts[3]);
  if (parts[0] === 'campaigns' && parts[2] === 'notice' && parts.length === 3) return noticePage(main, parts[1]);
  return campaignsPage(main);
}

route()
  .then(() => document.body.setAttribute('data-ready', 'true'))
  .catch(error => { showError(main, error); document.body.setAttribute('data-ready', 'error'); });
