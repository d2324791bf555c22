// The incident page: facts, the review bar near the top, each source's figures with their
// sentences highlighted (an analyst may reject one: it stays, struck out), claims and denials
// side by side, the tools to correct, merge, split and undo, comments, merge history and the
// audit trail in words. After every action the page says what was saved.
import { api } from "./api.js";
import { auditTable, historyList, STATUS_WORDS } from "./audit.js";
import { append, clear, el, fmtDate, markedText, range } from "./dom.js";
import { correctionForm, mergeTools, reviewBar } from "./tools.js";
import { miniMap } from "./minimap.js";

function evidence(ev, kind, label) {
  if (!ev) return el("span", { class: "muted" }, "no evidence offsets");
  const spans = [{ start: ev.start, end: ev.end, kind, label }];
  return el("blockquote", { class: "evidence", dataset: { report: ev.report_id } },
    markedText(ev.sentence, spans, { base: ev.sentence_start }));
}

const names = (list) => (list || []).map((a) => a.name).join(", ") || "none";

function facts(d) {
  const edited = new Set(d.edited_fields);
  const mark = (...fields) => (fields.some((f) => edited.has(f)) ? el("span", { class: "edited" }, " corrected") : null);
  const place = [d.place_name || "unknown", d.admin1, d.country].filter(Boolean).join(", ");
  const coords = d.lat !== null ? ` (${d.lat.toFixed(3)}, ${d.lon.toFixed(3)}; ${d.place_precision || "?"})` : "";
  const o = d.overrides || {};
  const rejected = (kind) => {
    const n = d.sources.flatMap((s) => s.figures).filter((f) => f.rejected && f.kind === kind).length;
    return n ? el("span", { class: "edited rejected-count" }, ` ${n} figure${n > 1 ? "s" : ""} rejected`) : null;
  };
  const rows = [
    ["Date", `${fmtDate(d.date)}${d.date_end && d.date_end !== d.date ? ` to ${fmtDate(d.date_end)}` : ""}${d.date_precision ? ` (${d.date_precision})` : ""}`, mark("date")],
    ["Place", place + coords, mark("place_name", "lat", "lon")],
    ["Event", d.event_type.replace("_", " "), mark("event_type")],
    ["Killed", range(d.killed), [mark("killed_min", "killed_max"), rejected("killed")]],
    ["Injured", range(d.injured), [mark("injured_min", "injured_max"), rejected("injured")]],
    ["Children killed", range(d.children_killed), mark("children_killed_min", "children_killed_max")],
    ["Women killed", range(d.women_killed), mark("women_killed_min", "women_killed_max")],
    ["Targets", ("targets" in o ? o.targets : d.targets).join(", ") || "–", mark("targets")],
    ["Grade", `${d.grade || "ungraded"}${d.grade_reason ? `: ${d.grade_reason}` : ""}`, mark("grade", "grade_reason")],
  ];
  for (const [field, label] of [["perpetrators", "Perpetrators"], ["claims", "Claimed by"], ["denials", "Denied by"]]) {
    if (field in o) rows.push([`${label} (analyst)`, names(o[field]), mark(field)]);
  }
  return el("dl", { class: "facts" }, rows.map(([k, v, m]) => [el("dt", {}, k),
    el("dd", { dataset: { field: k.toLowerCase().replace(/ \(analyst\)$/, "") } }, v, m)]));
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

function figureValue(f) {
  return [f.value_max && f.value_max !== f.value ? `${f.value}–${f.value_max}` : String(f.value),
    f.qualifier !== "exact" ? ` ${f.qualifier.replace("_", " ")}` : "", f.revision ? " (update)" : ""];
}

// Reject asks why first (the reason goes into the audit trail); restore puts it back.
function figureAction(f, page) {
  if (!page.canEdit) return null;
  const ids = { mention_id: f.mention_id, index: f.index };
  if (f.rejected) {
    return el("button", { type: "button", class: "restore", onclick: () => page.act(
      api(`/api/incidents/${page.detail.id}/figures/restore`, { method: "POST", body: { ...ids, version: page.detail.version } }),
      `Restored the figure ${f.kind} ${f.value}: it counts in the range again.`) }, "Restore");
  }
  const box = el("span", { class: "reject-box" });
  const open = el("button", { type: "button", class: "reject", onclick: () => {
    const reason = el("input", { type: "text", name: "reason", placeholder: "why is it wrong?", maxlength: 2000 });
    clear(box).append(reason, el("button", { type: "button", class: "primary confirm-reject", onclick: () => page.act(
      api(`/api/incidents/${page.detail.id}/figures/reject`, { method: "POST", body: { ...ids, reason: reason.value, version: page.detail.version } }),
      `Rejected the figure ${f.kind} ${f.value}: it no longer counts in the range.`) }, "Reject figure"),
    el("button", { type: "button", onclick: () => clear(box).append(open) }, "Cancel"));
    reason.focus();
  } }, "Reject…");
  box.append(open);
  return box;
}

function source(s, page) {
  const figureRows = s.figures.map((f) => el("tr", { class: f.rejected ? "figure rejected" : "figure", dataset: { value: f.value, kind: f.kind } },
    el("td", {}, `${f.kind} (${f.group})`),
    el("td", { class: "num" }, f.rejected ? el("s", {}, figureValue(f)) : figureValue(f)),
    el("td", {}, f.reported_by || "–"),
    el("td", {}, evidence(f.evidence, "figure", `${f.kind} ${f.value}`),
      f.rejected ? el("p", { class: "rejected-note" }, `Rejected by ${f.rejected.by}: ${f.rejected.reason}`) : null),
    page.canEdit ? el("td", { class: "figure-action" }, figureAction(f, page)) : null));
  const full = el("div", { class: "report-text", hidden: true });
  const toggle = el("button", { type: "button", class: "link", onclick: async () => {
    if (full.hidden && !full.firstChild) {
      const report = await api(`/api/reports/${encodeURIComponent(s.report_id)}`);
      full.append(markedText(report.text, report.spans, { focus: page.detail.id }));
    }
    full.hidden = !full.hidden;
    toggle.textContent = full.hidden ? "Show the report with its evidence" : "Hide the report";
  } }, "Show the report with its evidence");
  const heads = ["Figure", "Value", "Reported by", "Sentence", page.canEdit ? "" : null].filter((h) => h !== null);
  return el("article", { class: "source", dataset: { report: s.report_id } },
    el("header", {}, el("strong", {}, s.outlet || "unknown outlet"), ` · ${fmtDate(s.published)} · `,
      s.url ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, s.title || s.url) : (s.title || s.report_id),
      " · ", el("a", { href: `#/report/${encodeURIComponent(s.report_id)}`, class: "report-link" }, `report ${s.report_id}`)),
    el("p", {}, `This report: killed ${range(s.killed)}, injured ${range(s.injured)}`,
      s.place_name ? `, at ${s.place_name}` : "", s.date ? `, on ${s.date}` : ""),
    s.figures.length ? el("table", { class: "figures" },
      el("thead", {}, el("tr", {}, heads.map((h) => el("th", {}, h)))),
      el("tbody", {}, figureRows)) : el("p", { class: "muted" }, "no casualty figure in this report"),
    toggle, full);
}

function comments(page) {
  const list = page.detail.audit.filter((a) => a.action === "comment");
  const shown = list.length ? el("ul", { class: "comments" }, list.map((c) => el("li", {},
    el("strong", {}, c.user), el("span", { class: "muted" }, ` · ${String(c.at || "").replace("T", " ").slice(0, 16)}`),
    el("div", { class: "comment-text" }, c.note || "")))) : el("p", { class: "muted" }, "No comments yet.");
  if (!page.canEdit) return shown;
  const text = el("textarea", { name: "comment", rows: 2, maxlength: 5000, placeholder: "a note for the other analysts" });
  return [shown, el("form", { class: "comment-form", onsubmit: (event) => {
    event.preventDefault();
    if (!text.value.trim()) return page.fail(new Error("write the comment first"));
    page.act(api(`/api/incidents/${page.detail.id}/comments`, { method: "POST", body: { text: text.value } })
      .then(() => api(`/api/incidents/${page.detail.id}`)), "Comment added.");
  } }, text, el("button", { type: "submit" }, "Add comment"))];
}

// message: text, or [text, link...] parts; kind: ok | error
function banner(message, kind) {
  if (!message) return el("div", { id: "incident-message", role: "status", "aria-live": "polite" });
  return el("div", { id: "incident-message", class: `status ${kind}`, role: "status", "aria-live": "polite" }, message);
}

function draw(page) {
  const { container, detail } = page;
  clear(container);
  const title = `#${detail.id} ${detail.event_type.replace("_", " ")} in ${detail.place_name || "unknown place"}, ${fmtDate(detail.date)}`;
  append(container, [
    el("p", { class: "crumbs" }, el("a", { href: "#/" }, "← all incidents"),
      page.canEdit ? [" · ", el("a", { href: "#/queue" }, "my review queue"), " · ", el("a", { href: "#/duplicates" }, "possible duplicates")] : null),
    el("h2", { class: "incident-title" }, title),
    banner(page.message, page.kind),
    detail.merged_into_id ? el("p", { class: "warn" }, "Merged into ", el("a", { href: `#/incident/${detail.merged_into_id}` }, `#${detail.merged_into_id}`)) : null,
    el("p", { class: "review-line" }, `Review: ${STATUS_WORDS[detail.review_status] || detail.review_status}`,
      detail.assignee ? ` · assigned to ${detail.assignee}` : " · not assigned", ` · version ${detail.version}`),
    page.canEdit && !detail.merged_into_id ? reviewBar(page) : null,
    el("p", { class: "summary" }, detail.summary || "No summary."),
    facts(detail),
    miniMap(detail),
    page.canEdit && !detail.merged_into_id ? el("details", { class: "tools-box", open: page.toolsOpen || null,
      ontoggle: (event) => { page.toolsOpen = event.target.open; } },
    el("summary", {}, "Correct, merge, split or undo"), correctionForm(page), mergeTools(page)) : null,
    el("h3", {}, "Who did it: attributions, claims and denials"),
    el("div", { class: "sides" }, statements("Attributed", detail.perpetrators, "perpetrator"),
      statements("Claimed responsibility", detail.claims, "claim"), statements("Denied", detail.denials, "denial")),
    el("h3", {}, `Sources (${detail.source_count})`),
    detail.sources.map((s) => source(s, page)),
    el("h3", {}, "Comments"), comments(page),
    el("h3", {}, "Merge history"), historyList(detail.merge_history),
    el("h3", {}, "Audit trail"), auditTable(detail.audit, detail.merge_history)]);
  document.title = `#${detail.id} · harmwatch`;
}

// Open incident `id` in `container`; every action redraws it with a message of what was saved.
export async function showIncident(container, id, { canEdit }) {
  const page = { container, canEdit, detail: await api(`/api/incidents/${id}`), message: null, kind: "ok" };
  page.fail = (err) => {
    page.message = err.status === 409 && /changed since/.test(err.message)
      ? [err.message, " ", el("button", { type: "button", class: "reload", onclick: () => page.reload() }, "Reload the incident")]
      : (err.message || String(err));
    page.kind = "error";
    draw(page);
    container.querySelector("#incident-message").scrollIntoView({ block: "nearest" });
  };
  page.reload = async () => {
    page.detail = await api(`/api/incidents/${page.detail.id}`);
    page.message = `Reloaded: version ${page.detail.version}.`;
    page.kind = "ok";
    draw(page);
  };
  // promise: resolves to the incident to show; message: text or parts, or a function of it
  page.act = (promise, message) => promise.then((detail) => {
    page.detail = detail;
    page.message = ["Saved. ", typeof message === "function" ? message(detail) : message];
    page.kind = "ok";
    if (String(detail.id) !== String(id) && location.hash !== `#/incident/${detail.id}`) {
      location.hash = `#/incident/${detail.id}`;
      return;
    }
    draw(page);
    container.querySelector("#incident-message").scrollIntoView({ block: "nearest" });
  }).catch(page.fail);
  draw(page);
  return page;
}
