// Views: the address of the current filters (to bookmark or send), and saved views: a name and a
// filter set kept on the server (/api/views), one user's and listed for the whole team. A saved
// view's address is /?saved=ID#/: whoever opens it sees the same filtered view, named.
// Views saved in this browser by an older version (localStorage) are still listed, to share
// with the team or forget.
import { api } from "./api.js";
import { append, clear, el } from "./dom.js";

const LEGACY_KEY = "harmwatch.views";

function legacyViews() {
  try {
    const list = JSON.parse(localStorage.getItem(LEGACY_KEY) || "[]");
    return Array.isArray(list) ? list.filter((v) => v && typeof v.name === "string" && typeof v.url === "string") : [];
  } catch {
    return [];
  }
}

function forgetLegacy(name) {
  localStorage.setItem(LEGACY_KEY, JSON.stringify(legacyViews().filter((v) => v.name !== name)));
}

// The name of an older, browser-saved view the address names (?view=NAME), if any.
export function viewName() {
  return new URLSearchParams(location.search).get("view") || "";
}

// The filters of an address's query as a saved view keeps them.
export function filtersOf(params, keys) {
  const out = {};
  for (const key of keys) {
    const value = params.get(key);
    if (value !== null && value.trim() !== "") out[key] = value.trim();
  }
  return out;
}

// url(): the address of the current view; filters(): its filters ({since, place, sort, ...});
// user: who is logged in (null: can read, cannot save); onOpen(): after the address changed.
export async function drawViews(box, { url, filters, user, onOpen }) {
  let team = [];
  let problem = null;
  try {
    team = await api("/api/views");
  } catch (err) {
    problem = err.message;
  }
  const open = (address) => {
    history.pushState(null, "", address);
    onOpen();
  };
  const redraw = () => drawViews(box, { url, filters, user, onOpen });
  const message = el("p", { class: "view-message", role: "status", "aria-live": "polite" });
  const say = (text, kind = "ok") => { message.className = `view-message status ${kind}`; message.textContent = text; };
  const save = (label, values) => api("/api/views", { method: "POST", body: { name: label, filters: values } });

  const link = el("input", { type: "text", readonly: true, class: "share-url", "aria-label": "Link to this view", value: url() });
  link.addEventListener("focus", () => link.select());
  const name = el("input", { type: "text", maxlength: 80, placeholder: "name this view", "aria-label": "View name" });
  const saveButton = el("button", { type: "button", class: "save-view", disabled: !user, onclick: () => {
    const label = name.value.trim();
    if (!label) { name.focus(); say("Give the view a name first.", "error"); return; }
    save(label, filters()).then((view) => open(`${view.url}`)).catch((err) => say(err.message, "error"));
  } }, "Save");
  const mine = (v) => user && (v.owner === user.name || user.role === "admin");
  const list = team.map((v) => el("li", { dataset: { id: v.id } },
    el("a", { href: v.url, class: "saved-view", onclick: (event) => { event.preventDefault(); open(v.url); } }, v.name),
    el("span", { class: "muted owner" }, ` · ${v.owner}`),
    mine(v) ? el("button", { type: "button", class: "link delete-view", "aria-label": `delete the view ${v.name}`, onclick: () => {
      api(`/api/views/${v.id}`, { method: "DELETE" }).then(redraw).catch((err) => say(err.message, "error"));
    } }, "delete") : null));
  const legacy = legacyViews().map((v) => el("li", { class: "legacy" },
    el("a", { href: `${v.url}#/`, class: "local-view", onclick: (event) => { event.preventDefault(); open(`${v.url}#/`); } }, v.name),
    user ? el("button", { type: "button", class: "link", onclick: () => {
      const params = new URL(v.url, location.origin).searchParams;
      save(v.name, filtersOf(params, [...params.keys()].filter((k) => k !== "view" && k !== "offset")))
        .then(() => { forgetLegacy(v.name); redraw(); }).catch((err) => say(err.message, "error"));
    } }, "share with the team") : null,
    el("button", { type: "button", class: "link", onclick: () => { forgetLegacy(v.name); redraw(); } }, "forget")));

  append(clear(box), [el("h3", {}, "Views"),
    el("label", { class: "share" }, "Link to this view", link),
    el("div", { class: "save" }, name, saveButton),
    el("p", { class: "muted" }, user ? "Saved views are seen by the whole team." : "Log in to save a view for the team."),
    message,
    problem ? el("p", { class: "status error" }, problem) : null,
    list.length ? el("ul", { class: "saved" }, list) : el("p", { class: "muted" }, "No saved views yet."),
    legacy.length ? el("div", { class: "legacy-views" }, el("p", { class: "muted" }, "Saved in this browser only:"),
      el("ul", { class: "saved" }, legacy)) : null]);
}
