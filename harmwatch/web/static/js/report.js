// The report page (#/report/ID): the whole text with every evidence span marked, a legend, and
// links to the incidents the report tells.
import { append, clear, el, fmtDate, markedText } from "./dom.js";

const KINDS = [
  ["incident", "the incident"], ["figure", "casualty figure"], ["date", "date"], ["place", "place"],
  ["perpetrator", "attribution"], ["claim", "claim"], ["denial", "denial"],
];

export function drawReport(container, report) {
  clear(container);
  const present = new Set(report.spans.map((s) => s.kind));
  append(container, [
    el("p", {}, el("a", { href: "#/" }, "← all incidents")),
    el("h2", { class: "report-title" }, report.title || `Report ${report.id}`),
    el("p", { class: "muted" }, `${report.outlet || "unknown outlet"} · ${fmtDate(report.published)} · report ${report.id}`,
      report.url ? [" · ", el("a", { href: report.url, rel: "noopener noreferrer", target: "_blank" }, report.url)] : ""),
    el("p", {}, report.incident_ids.length ? "Incidents told here: " : "No incident was found in this report.",
      report.incident_ids.map((id, i) => [i ? ", " : "", el("a", { href: `#/incident/${id}` }, `#${id}`)])),
    el("p", { class: "legend" }, KINDS.filter(([k]) => present.has(k)).map(([k, label]) =>
      [el("mark", { class: `ev ev-${k}` }, label), " "])),
    el("div", { class: "report-text full" }, markedText(report.text, report.spans)),
  ]);
}
