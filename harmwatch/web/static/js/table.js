// The table view: one row per incident, sortable columns, pages.
import { clear, el, fmtDate, range } from "./dom.js";

const COLUMNS = [
  ["id", "ID", (i) => el("a", { href: `#/incident/${i.id}` }, `#${i.id}`)],
  ["date", "Date", (i) => fmtDate(i.date)],
  ["place", "Place", (i) => [i.place_name || "–", i.country ? ` (${i.country})` : ""]],
  ["event_type", "Type", (i) => i.event_type.replace("_", " ")],
  ["killed", "Killed", (i) => range(i.killed, i.range_text?.killed)],
  ["injured", "Injured", (i) => range(i.injured, i.range_text?.injured)],
  [null, "Perpetrators", (i) => (i.actor_names || []).join(", ") || "–"],
  ["grade", "Grade", (i) => i.grade || "–"],
  [null, "Sources", (i) => String(i.source_count)],
  [null, "Review", (i) => i.review_status],
];

export function drawTable(container, page, { sort, onSort, onPage, onOpen }) {
  clear(container);
  const head = el("tr", {}, COLUMNS.map(([key, label]) => {
    if (!key) return el("th", {}, label);
    const active = sort.replace("-", "") === key;
    const arrow = active ? (sort.startsWith("-") ? " ▼" : " ▲") : "";
    const next = active && !sort.startsWith("-") ? `-${key}` : key === "date" && !active ? "-date" : key;
    return el("th", {}, el("button", { class: "sort", type: "button", onclick: () => onSort(next) },
      label + arrow));
  }));
  const rows = page.data.map((incident) => el("tr", {
    class: "row", dataset: { id: incident.id }, onclick: (event) => {
      if (event.target.tagName !== "A") onOpen(incident.id);
    },
  }, COLUMNS.map(([, , cell]) => el("td", {}, cell(incident)))));
  container.append(el("table", { class: "incidents" }, el("thead", {}, head), el("tbody", {}, rows)));
  const from = page.total ? page.offset + 1 : 0;
  const to = page.offset + page.data.length;
  container.append(el("div", { class: "pager" },
    el("button", { type: "button", disabled: page.offset === 0, onclick: () => onPage(-1) }, "‹ previous"),
    el("span", { class: "count" }, `${from}–${to} of ${page.total}`),
    el("button", { type: "button", disabled: to >= page.total, onclick: () => onPage(1) }, "next ›")));
}
