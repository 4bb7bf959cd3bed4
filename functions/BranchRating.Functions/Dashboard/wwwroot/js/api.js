// Calls /api/v1 with the caller's bearer token (kept in sessionStorage; a #token=… fragment sets it).
const KEY = 'branchrating.token';

export function initToken() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const form = document.getElementById('login');
  const input = document.getElementById('token');
  if (form && input) {
    input.value = sessionStorage.getItem(KEY) ?? '';
    form.addEventListener('submit', e => {
      e.preventDefault();
      if (input.value) sessionStorage.setItem(KEY, input.value.trim()); else sessionStorage.removeItem(KEY);
      location.reload();
    });
  }
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function get(path) {
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`/api/v1${path}`, { headers });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** The answer, or null when the resource is absent (404) — e.g. results not yet published. */
export async function tryGet(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export const enc = encodeURIComponent;
