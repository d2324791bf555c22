// Talking to /api: JSON in and out, the CSRF token on every write made with the session cookie.

export const session = { user: null, csrf: null, anonymousRead: false };

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

function detailOf(body, status) {
  if (!body) return `request failed (${status})`;
  if (typeof body.detail === "string") return body.detail;
  if (Array.isArray(body.detail)) {
    return body.detail.map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`).join("; ");
  }
  return `request failed (${status})`;
}

export async function api(path, { method = "GET", body = undefined } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && session.csrf) headers["X-CSRF-Token"] = session.csrf;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, detailOf(data, response.status));
  return data;
}

export async function refreshSession() {
  const me = await api("/api/me");
  session.user = me.user;
  session.csrf = me.csrf_token;
  session.anonymousRead = me.anonymous_read;
  return session;
}

export async function login(name, password) {
  const me = await api("/api/login", { method: "POST", body: { name, password } });
  session.user = me.user;
  session.csrf = me.csrf_token;
  return session;
}

export async function logout() {
  await api("/api/logout", { method: "POST" });
  session.user = null;
  session.csrf = null;
}

export function canEdit() {
  return Boolean(session.user && (session.user.role === "analyst" || session.user.role === "admin"));
}

export function canRead() {
  return Boolean(session.user || session.anonymousRead);
}
