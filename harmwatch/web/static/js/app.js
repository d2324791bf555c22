// The app: session, filters, map + timeline + table overview, and the incident page (#/incident/ID).
import { api, canEdit, canRead, login, logout, refreshSession, session } from "./api.js";
import { clear, el } from "./dom.js";
import { showDuplicates, showQueue } from "./duplicates.js";
import { showIncident } from "./incident.js";
import { drawReport } from "./report.js";
import { IncidentMap } from "./map.js";
import { useTiles } from "./minimap.js";
import { drawTable } from "./table.js";
import { drawTimeline } from "./timeline.js";
import { drawViews, filtersOf, viewName } from "./views.js";

const $ = (id) => document.getElementById(id);
const state = { sort: "-date", offset: 0, limit: 50, map: null, config: null, refit: false, saved: null };
// The filters that go into the page's address (?since=...&place=...), so that a view can be
// bookmarked, shared and reloaded; "saved=ID" names a saved view while its filters are shown
// (views.js), "view" an older one saved in the browser.
const FILTERS = ["since", "until", "place", "actor", "grade", "event_type", "review_status", "min_killed", "q"];
const VIEW_KEYS = [...FILTERS, "sort"];

function status(message, kind = "info") {
  const bar = $("status");
  bar.textContent = message || "";
  bar.className = message ? `status ${kind}` : "status";
}

function showError(err) {
  status(err.message || String(err), "error");
}

function filterParams() {
  const params = new URLSearchParams();
  const form = new FormData($("filters"));
  for (const [key, value] of form.entries()) {
    if (key !== "in_view" && String(value).trim() !== "") params.set(key, String(value).trim());
  }
  if (form.get("in_view") && state.map) params.set("bbox", state.map.bbox());
  return params;
}

// The current filters and sort, as a saved view keeps them.
function currentFilters() {
  const params = filterParams();
  params.delete("bbox");
  if (state.sort !== "-date") params.set("sort", state.sort);
  return filtersOf(params, VIEW_KEYS);
}

// True while the page shows exactly the filters of the saved view it was opened from.
function showingSaved() {
  if (!state.saved) return false;
  const now = currentFilters();
  const saved = state.saved.filters;
  const keys = new Set([...Object.keys(now), ...Object.keys(saved)]);
  return [...keys].every((k) => String(now[k] ?? "") === String(saved[k] ?? ""));
}

// The address of the current view: a saved view's id while its filters are shown, else the
// filters, the sort and page when not the default.
function viewParams() {
  if (showingSaved()) {
    const params = new URLSearchParams({ saved: String(state.saved.id) });
    if (state.offset) params.set("offset", String(state.offset));
    return params;
  }
  const params = new URLSearchParams(currentFilters());
  if (state.offset) params.set("offset", String(state.offset));
  const name = viewName();
  if (name) params.set("view", name);
  return params;
}

function showViewName() {
  const label = $("view-name");
  const legacy = viewName();
  const text = showingSaved() ? `View: ${state.saved.name} (saved by ${state.saved.owner})` : legacy ? `View: ${legacy}` : "";
  label.hidden = !text;
  label.textContent = text;
}

function viewUrl(params = viewParams()) {
  const query = params.toString();
  return `${location.origin}${location.pathname}${query ? `?${query}` : ""}#/`;
}

// Put the view in the address bar (a new history entry when the filters changed).
function pushView({ replace = false } = {}) {
  const query = viewParams().toString();
  const url = `${location.pathname}${query ? `?${query}` : ""}${location.hash || ""}`;
  if (url === `${location.pathname}${location.search}${location.hash}`) return;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
}

// The form, sort and page from the address (on load, reload and back/forward); ?saved=ID
// takes them from that saved view (fetched from the server).
async function readView() {
  const params = new URLSearchParams(location.search);
  const form = $("filters");
  const saved = params.get("saved");
  state.saved = null;
  state.viewProblem = null;
  if (saved) {
    try {
      state.saved = await api(`/api/views/${encodeURIComponent(saved)}`);
    } catch (err) {
      state.viewProblem = `The saved view ${saved} cannot be opened: ${err.message}`;
    }
  }
  const source = state.saved ? new URLSearchParams(state.saved.filters) : params;
  for (const key of FILTERS) form.elements[key].value = source.get(key) || "";
  state.sort = source.get("sort") || "-date";
  state.offset = Math.max(0, Number(params.get("offset")) || 0);
  showViewName();
}

// A from-date after the to-date is said so, with both fields marked, instead of showing nothing.
function datesProblem() {
  const form = $("filters");
  const since = form.elements.since.value;
  const until = form.elements.until.value;
  const bad = Boolean(since && until && since > until);
  for (const input of [form.elements.since, form.elements.until]) input.setAttribute("aria-invalid", String(bad));
  return bad ? `The from-date ${since} is after the to-date ${until}: swap them or clear one.` : null;
}

function updateExports(params) {
  for (const link of document.querySelectorAll("a[data-export]")) {
    link.setAttribute("href", `/api/export.${link.dataset.export}?${params}`);
  }
}

async function loadOverview() {
  const problem = datesProblem();
  if (problem) {
    status(problem, "error");
    $("summary").textContent = "No incidents shown: the dates do not make a range.";
    return;
  }
  const params = filterParams();
  updateExports(params);
  showViewName();
  if (state.viewProblem) status(state.viewProblem, "error");
  drawViews($("views"), {
    url: viewUrl, filters: currentFilters, user: session.user,
    onOpen: () => { state.refit = true; readView().then(loadOverview).catch(showError); },
  }).catch(showError);
  const pageParams = new URLSearchParams(params);
  pageParams.set("sort", state.sort);
  pageParams.set("limit", state.limit);
  pageParams.set("offset", state.offset);
  const mapParams = new URLSearchParams(params);
  mapParams.delete("bbox"); // the map shows everything else the filters keep
  const contextParams = new URLSearchParams(params); // the timeline shows every date
  contextParams.delete("since");
  contextParams.delete("until");
  const [page, points, stats, notes, context] = await Promise.all([
    api(`/api/incidents?${pageParams}`),
    api(`/api/incidents/map?${mapParams}`),
    api(`/api/stats?${params}`),
    api("/api/annotations"),
    api(`/api/stats?${contextParams}`),
  ]);
  const placed = state.map.show(points, { fit: state.refit });
  state.refit = false;
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  $("summary").textContent = `${plural(stats.incidents, "incident")}, at least ${stats.killed} ` +
    `killed · ${plural(placed, "incident")} on the map`;
  const form = $("filters");
  drawTimeline($("timeline"), context.by_day, notes, {
    selection: { since: form.elements.since.value || null, until: form.elements.until.value || null },
    onSelect: (since, until) => {
      form.elements.since.value = since || "";
      form.elements.until.value = until || "";
      state.offset = 0;
      pushView();
      status("");
      loadOverview().catch(showError);
    },
  });
  drawNotes(notes);
  drawTable($("table"), page, {
    sort: state.sort,
    onSort: (sort) => { state.sort = sort; state.offset = 0; pushView({ replace: true }); loadOverview().catch(showError); },
    onPage: (step) => {
      state.offset = Math.max(0, state.offset + step * state.limit);
      pushView({ replace: true });
      loadOverview().catch(showError);
    },
    onOpen: (id) => { location.hash = `#/incident/${id}`; },
  });
}

function drawNotes(notes) {
  const box = clear($("notes"));
  if (!canEdit()) return;
  const date = el("input", { type: "date", name: "date", required: true, "aria-label": "from" });
  const end = el("input", { type: "date", name: "date_end", "aria-label": "to" });
  const label = el("input", { type: "text", name: "label", placeholder: "e.g. ceasefire", required: true, maxlength: 300 });
  const form = el("form", { class: "note-form", onsubmit: (event) => {
    event.preventDefault();
    api("/api/annotations", { method: "POST", body: { date: date.value, date_end: end.value || null, label: label.value } })
      .then(() => loadOverview()).catch(showError);
  } }, "Add a note to the timeline: ", date, " to ", end, label, el("button", { type: "submit" }, "Add"));
  box.append(form, el("ul", { class: "notes" }, notes.map((n) => el("li", {}, `${n.date}${n.date_end ? ` to ${n.date_end}` : ""}: ${n.label} `,
    el("button", { type: "button", class: "link", onclick: () => api(`/api/annotations/${n.id}`, { method: "DELETE" })
      .then(() => loadOverview()).catch(showError) }, "remove")))));
}

async function openIncident(id) {
  await showIncident($("incident"), id, { canEdit: canEdit() });
}

async function route() {
  status("");
  const match = location.hash.match(/^#\/incident\/(\d+)/);
  const reportMatch = location.hash.match(/^#\/report\/(.+)$/);
  const reviewMatch = location.hash.match(/^#\/(duplicates|queue)(?:\?(.*))?$/);
  const other = Boolean(match || reportMatch || reviewMatch);
  $("overview").hidden = other;
  $("incident").hidden = !other;
  if (!canRead()) {
    $("overview").hidden = true;
    $("incident").hidden = true;
    status("Log in to see the incidents.", "info");
    return;
  }
  try {
    if (match) await openIncident(match[1]);
    else if (reviewMatch && reviewMatch[1] === "duplicates") await showDuplicates($("incident"), { canEdit: canEdit() });
    else if (reviewMatch) await showQueue($("incident"), { params: new URLSearchParams(reviewMatch[2] || "") });
    else if (reportMatch) {
      const id = decodeURIComponent(reportMatch[1]);
      drawReport($("incident"), await api(`/api/reports/${encodeURIComponent(id)}`));
      document.title = `report ${id} · harmwatch`;
    }
    else {
      document.title = "harmwatch";
      state.map.refresh();
      await loadOverview();
    }
  } catch (err) {
    showError(err);
  }
}

function drawLogin() {
  const box = clear($("login"));
  if (session.user) {
    box.append(el("span", { class: "who" }, `${session.user.name} (${session.user.role})`), " ",
      el("button", { type: "button", onclick: () => logout().then(() => { drawLogin(); route(); }).catch(showError) }, "Log out"));
    return;
  }
  const name = el("input", { name: "name", placeholder: "user", autocomplete: "username", required: true });
  const password = el("input", { name: "password", type: "password", placeholder: "password", autocomplete: "current-password", required: true });
  box.append(el("form", { class: "login", onsubmit: (event) => {
    event.preventDefault();
    login(name.value, password.value).then(() => { drawLogin(); return readView(); }).then(route).catch(showError);
  } }, name, password, el("button", { type: "submit" }, "Log in")));
}

async function start() {
  state.config = await api("/api/config");
  useTiles(state.config.tile_url);
  await refreshSession();
  drawLogin();
  state.map = new IncidentMap($("map"), {
    tileUrl: state.config.tile_url,
    onOpen: (id) => { location.hash = `#/incident/${id}`; },
  });
  state.map.map.on("moveend", () => {
    if ($("filters").elements.in_view.checked && !$("overview").hidden) {
      state.offset = 0;
      loadOverview().catch(showError);
    }
  });
  $("filters").elements.in_view.addEventListener("change", () => {
    state.offset = 0;
    loadOverview().catch(showError);
  });
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    state.offset = 0;
    state.refit = true;
    pushView();
    status("");
    loadOverview().catch(showError);
  });
  $("filters").addEventListener("reset", () => {
    setTimeout(() => {
      state.offset = 0;
      state.sort = "-date";
      state.refit = true;
      history.pushState(null, "", `${location.pathname}${location.hash || ""}`);
      status("");
      readView().then(loadOverview).catch(showError);
    }, 0);
  });
  window.addEventListener("popstate", () => {
    readView().then(() => (!$("overview").hidden ? loadOverview() : null)).catch(showError);
  });
  window.addEventListener("hashchange", route);
  if (canRead()) await readView();
  state.refit = Boolean(location.search);
  await route();
  document.body.dataset.ready = "true";
}

start().catch(showError);
