// The incident page: facts, each source's figures with their sentences highlighted, claims and
// denials side by side, merge history, audit trail, and the analyst's tools.
import { api } from "./api.js";
import { append, clear, el, fmtDate, fmtTime, markedText, range } from "./dom.js";
import { miniMap } from "./minimap.js";

const EVENT_TYPES = ["airstrike", "drone_strike", "shelling", "missile", "barrel_bomb", "ied",
  "shooting", "ground_clash", "uxo", "chemical", "other"];
const GRADES = ["", "Confirmed", "Fair", "Weak", "Contested", "Discounted"];
const FIELDS = [
  ["date", "Date", "date"], ["event_type", "Event type", EVENT_TYPES],
  ["place_name", "Place", "text"], ["lat", "Latitude", "number"], ["lon", "Longitude", "number"],
  ["killed_min", "Killed (min)", "int"], ["killed_max", "Killed (max)", "int"],
  ["injured_min", "Injured (min)", "int"], ["injured_max", "Injured (max)", "int"],
  ["children_killed_min", "Children killed (min)", "int"],
  ["children_killed_max", "Children killed (max)", "int"],
  ["women_killed_min", "Women killed (min)", "int"], ["women_killed_max", "Women killed (max)", "int"],
  ["grade", "Grade", GRADES], ["grade_reason", "Grade reason", "textarea"],
  ["summary", "Summary", "textarea"],
];

function current(detail, field) {
  const m = field.match(/^(killed|injured|children_killed|women_killed)_(min|max)$/);
  return m ? detail[m[1]][m[2]] : detail[field];
}

function evidence(ev, kind, label) {
  if (!ev) return el("span", { class: "muted" }, "no evidence offsets");
  const spans = [{ start: ev.start, end: ev.end, kind, label }];
  return el("blockquote", { class: "evidence", dataset: { report: ev.report_id } },
    markedText(ev.sentence, spans, { base: ev.sentence_start }));
}

function facts(d) {
  const edited = new Set(d.edited_fields);
  const mark = (...fields) => (fields.some((f) => edited.has(f)) ? el("span", { class: "edited" }, " edited") : null);
  const place = [d.place_name || "unknown", d.admin1, d.country].filter(Boolean).join(", ");
  const coords = d.lat !== null ? ` (${d.lat.toFixed(3)}, ${d.lon.toFixed(3)}; ${d.place_precision || "?"})` : "";
  const rows = [
    ["Date", `${fmtDate(d.date)}${d.date_end && d.date_end !== d.date ? ` to ${fmtDate(d.date_end)}` : ""}${d.date_precision ? ` (${d.date_precision})` : ""}`, mark("date")],
    ["Place", place + coords, mark("place_name", "lat", "lon")],
    ["Event", d.event_type.replace("_", " "), mark("event_type")],
    ["Killed", range(d.killed), mark("killed_min", "killed_max")],
    ["Injured", range(d.injured), mark("injured_min", "injured_max")],
    ["Children killed", range(d.children_killed), mark("children_killed_min", "children_killed_max")],
    ["Women killed", range(d.women_killed), mark("women_killed_min", "women_killed_max")],
    ["Targets", d.targets.join(", ") || "–", null],
    ["Grade", `${d.grade || "ungraded"}${d.grade_reason ? `: ${d.grade_reason}` : ""}`, mark("grade", "grade_reason")],
    ["Review", d.review_status, null],
  ];
  return el("dl", { class: "facts" }, rows.map(([k, v, m]) => [el("dt", {}, k), el("dd", { dataset: { field: k.toLowerCase() } }, v, m)]));
}

// One entry per actor, with every report that says so, who alleges it, and its sentence.
function statements(title, list, kind) {
  const byActor = new Map();
  for (const s of list) {
    if (!byActor.has(s.actor_id)) byActor.set(s.actor_id, []);
    byActor.get(s.actor_id).push(s);
  }
  const items = [...byActor.values()].map((group) => el("li", {}, el("strong", {}, group[0].actor),
    el("span", { class: "muted" }, ` · ${group.length} report${group.length > 1 ? "s" : ""}`),
    group.map((g) => el("div", { class: "said" },
      el("span", { class: "outlet" }, g.outlet || g.report_id,
        g.status && g.status !== "stated" ? `: ${g.status}${g.by ? ` by ${g.by}` : ""}` : ""),
      evidence(g.evidence, kind, g.actor)))));
  return el("div", { class: `side side-${kind}` }, el("h4", {}, title),
    items.length ? el("ul", {}, items) : el("p", { class: "muted" }, "none reported"));
}

function source(s, focus) {
  const figureRows = s.figures.map((f) => el("tr", {},
    el("td", {}, `${f.kind} (${f.group})`),
    el("td", { class: "num" }, f.value_max && f.value_max !== f.value ? `${f.value}–${f.value_max}` : String(f.value),
      f.qualifier !== "exact" ? ` ${f.qualifier.replace("_", " ")}` : "", f.revision ? " (update)" : ""),
    el("td", {}, f.reported_by || "–"),
    el("td", {}, evidence(f.evidence, "figure", `${f.kind} ${f.value}`))));
  const full = el("div", { class: "report-text", hidden: true });
  const toggle = el("button", { type: "button", class: "link", onclick: async () => {
    if (full.hidden && !full.firstChild) {
      const report = await api(`/api/reports/${encodeURIComponent(s.report_id)}`);
      full.append(markedText(report.text, report.spans, { focus }));
    }
    full.hidden = !full.hidden;
    toggle.textContent = full.hidden ? "Show the report with its evidence" : "Hide the report";
  } }, "Show the report with its evidence");
  return el("article", { class: "source", dataset: { report: s.report_id } },
    el("header", {}, el("strong", {}, s.outlet || "unknown outlet"), ` · ${fmtDate(s.published)} · `,
      s.url ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, s.title || s.url) : (s.title || s.report_id),
      " · ", el("a", { href: `#/report/${encodeURIComponent(s.report_id)}`, class: "report-link" }, `report ${s.report_id}`)),
    el("p", {}, `This report: killed ${range(s.killed)}, injured ${range(s.injured)}`,
      s.place_name ? `, at ${s.place_name}` : "", s.date ? `, on ${s.date}` : ""),
    s.figures.length ? el("table", { class: "figures" },
      el("thead", {}, el("tr", {}, ["Figure", "Value", "Reported by", "Sentence"].map((h) => el("th", {}, h)))),
      el("tbody", {}, figureRows)) : el("p", { class: "muted" }, "no casualty figure in this report"),
    toggle, full);
}

// Only what changed: a key whose value is the same before and after is left out.
function change(entry) {
  const before = entry.before || {};
  const after = entry.after || {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
  return el("ul", { class: "changes" }, keys.map((k) => el("li", {}, el("code", {}, k), ": ",
    k in before ? [el("span", { class: "before" }, JSON.stringify(before[k] ?? null)), " → "] : "",
    el("span", { class: "after" }, JSON.stringify(after[k] ?? null)))));
}

function auditTable(entries) {
  if (!entries.length) return el("p", { class: "muted" }, "No changes by analysts yet.");
  return el("table", { class: "audit" },
    el("thead", {}, el("tr", {}, ["When", "Who", "Action", "Before → after", "Note"].map((h) => el("th", {}, h)))),
    el("tbody", {}, entries.map((a) => el("tr", {}, el("td", {}, fmtTime(a.at)), el("td", { class: "who" }, a.user),
      el("td", {}, a.action), el("td", {}, change(a)), el("td", {}, a.note || "")))));
}

function history(events) {
  if (!events.length) return el("p", { class: "muted" }, "No merges or splits.");
  return el("ul", { class: "history" }, events.map((e) => el("li", {},
    `${fmtTime(e.at)} · ${e.kind}`, e.other_incident_id ? ` with #${e.other_incident_id}` : "",
    ` · ${e.automatic ? "automatic" : `by ${e.user || "?"}`}`, e.score !== null ? ` · score ${e.score.toFixed(2)}` : "",
    e.reason ? ` · ${e.reason}` : "", e.undone ? " (undone)" : "")));
}

function input(field, kind, value) {
  if (Array.isArray(kind)) {
    return el("select", { name: field }, kind.map((o) => el("option", { value: o, selected: (value ?? "") === o }, o || "–")));
  }
  if (kind === "textarea") return el("textarea", { name: field, rows: 3 }, value ?? "");
  const type = kind === "int" || kind === "number" ? "number" : kind;
  return el("input", { name: field, type, step: kind === "number" ? "any" : kind === "int" ? "1" : null, value: value ?? "" });
}

function tools(detail, { onChanged, onError }) {
  const run = (promise) => promise.then(onChanged).catch(onError);
  const form = el("form", { class: "edit", onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = {};
    for (const [field, , kind] of FIELDS) {
      const raw = String(data.get(field) ?? "").trim();
      let value = raw === "" ? null : raw;
      if (value !== null && (kind === "int" || kind === "number")) value = Number(raw);
      let before = current(detail, field) ?? null;
      if (typeof before === "string") before = before.trim() || null;
      if (value !== before && !(kind === "date" && value === fmtDate(before))) body[field] = value;
    }
    const note = String(data.get("note") || "").trim();
    if (!Object.keys(body).length) return onError(new Error("nothing changed"));
    if (note) body.note = note;
    run(api(`/api/incidents/${detail.id}`, { method: "PATCH", body }));
  } },
  el("div", { class: "grid" }, FIELDS.map(([field, label, kind]) => el("label", { class: kind === "textarea" ? "wide" : null },
    label, input(field, kind, current(detail, field))))),
  el("label", { class: "wide" }, "Why (kept in the audit trail)", el("input", { name: "note", type: "text" })),
  el("button", { type: "submit", class: "primary" }, "Save corrections"));
  const other = el("input", { type: "number", min: 1, placeholder: "incident id", name: "other" });
  const undoable = detail.merge_history.filter((e) => !e.undone && ["merge", "split", "attach"].includes(e.kind));
  const undoSelect = el("select", { name: "undo" }, undoable.map((e) =>
    el("option", { value: e.id }, `${e.kind} ${e.other_incident_id ? `with #${e.other_incident_id} ` : ""}(${fmtTime(e.at)})`)));
  const splitReport = el("select", { name: "split_report" }, detail.sources.map((s) =>
    el("option", { value: s.report_id }, `${s.outlet || "?"} (${s.report_id})`)));
  return el("section", { class: "tools" }, el("h3", {}, "Review"),
    el("button", { type: "button", class: "primary confirm", disabled: detail.review_status === "confirmed",
      onclick: () => run(api(`/api/incidents/${detail.id}/confirm`, { method: "POST" })) },
    detail.review_status === "confirmed" ? "Confirmed" : "Confirm this incident"),
    form,
    el("div", { class: "merge" }, el("h4", {}, "Merge another incident into this one"), other,
      el("button", { type: "button", onclick: () => run(api(`/api/incidents/${detail.id}/merge`,
        { method: "POST", body: { other_id: Number(other.value) } })) }, "Merge")),
    detail.sources.length > 1 ? el("div", { class: "split" }, el("h4", {}, "Split one report out to a new incident"),
      splitReport, el("button", { type: "button", onclick: () => run(api(`/api/incidents/${detail.id}/split`,
        { method: "POST", body: { report_id: splitReport.value } })) }, "Split")) : null,
    undoable.length ? el("div", { class: "undo" }, el("h4", {}, "Undo a merge or split"), undoSelect,
      el("button", { type: "button", onclick: () => run(api(`/api/incidents/${detail.id}/undo`,
        { method: "POST", body: { log_id: Number(undoSelect.value) } })) }, "Undo")) : null);
}

export function drawIncident(container, detail, { canEdit, onChanged, onError }) {
  clear(container);
  const title = `#${detail.id} ${detail.event_type.replace("_", " ")} in ${detail.place_name || "unknown place"}, ${fmtDate(detail.date)}`;
  append(container, [
    el("p", {}, el("a", { href: "#/" }, "← all incidents")),
    el("h2", { class: "incident-title" }, title),
    detail.merged_into_id ? el("p", { class: "warn" }, "Merged into ", el("a", { href: `#/incident/${detail.merged_into_id}` }, `#${detail.merged_into_id}`)) : null,
    el("p", { class: "summary" }, detail.summary || "No summary."),
    facts(detail),
    miniMap(detail),
    el("h3", {}, "Who did it: attributions, claims and denials"),
    el("div", { class: "sides" }, statements("Attributed", detail.perpetrators, "perpetrator"),
      statements("Claimed responsibility", detail.claims, "claim"), statements("Denied", detail.denials, "denial")),
    el("h3", {}, `Sources (${detail.source_count})`),
    detail.sources.map((s) => source(s, detail.id)),
    el("h3", {}, "Merge history"), history(detail.merge_history),
    el("h3", {}, "Audit trail"), auditTable(detail.audit),
    canEdit ? tools(detail, { onChanged, onError }) : null]);
}
