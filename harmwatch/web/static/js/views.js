// Views: the address of the current filters (to bookmark or send), and saved views, each a name
// and that address, kept in this browser (localStorage). A saved view's link carries its name
// (?view=NAME&...), so whoever opens it sees the same named, filtered view and can save it too.
import { clear, el } from "./dom.js";

const KEY = "harmwatch.views";

export function savedViews() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(list) ? list.filter((v) => v && typeof v.name === "string" && typeof v.url === "string") : [];
  } catch {
    return [];
  }
}

function store(list) {
  localStorage.setItem(KEY, JSON.stringify(list));
}

// The name of the view the address names, if any.
export function viewName() {
  return new URLSearchParams(location.search).get("view") || "";
}

// url(params?): the address of the current view; onOpen(): after the address changed.
export function drawViews(box, { url, onOpen }) {
  clear(box);
  const link = el("input", { type: "text", readonly: true, class: "share-url", "aria-label": "Link to this view", value: url() });
  link.addEventListener("focus", () => link.select());
  const name = el("input", { type: "text", maxlength: 80, placeholder: "name this view", "aria-label": "View name", value: viewName() });
  const save = el("button", { type: "button", class: "save-view", onclick: () => {
    const label = name.value.trim();
    if (!label) { name.focus(); return; }
    const params = new URL(url()).searchParams;
    params.set("view", label);
    const address = `${location.pathname}?${params}`;
    store([{ name: label, url: address }, ...savedViews().filter((v) => v.name !== label)]);
    history.pushState(null, "", `${address}${location.hash || "#/"}`);
    onOpen();
  } }, "Save");
  const list = savedViews().map((v) => el("li", {},
    el("a", { href: `${v.url}#/`, class: "saved-view", onclick: (event) => {
      event.preventDefault();
      history.pushState(null, "", `${v.url}#/`);
      onOpen();
    } }, v.name),
    el("button", { type: "button", class: "link", "aria-label": `forget the view ${v.name}`, onclick: () => {
      store(savedViews().filter((o) => o.name !== v.name));
      drawViews(box, { url, onOpen });
    } }, "forget")));
  box.append(el("h3", {}, "Views"),
    el("label", { class: "share" }, "Link to this view", link),
    el("div", { class: "save" }, name, save),
    list.length ? el("ul", { class: "saved" }, list) : el("p", { class: "muted" }, "No saved views in this browser yet."));
}
