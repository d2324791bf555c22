// The audit trail and the merge history in words: who did what, with links to the incidents
// they name, never raw JSON. Every value goes into the page as text.
import { el, fmtTime } from "./dom.js";

export const STATUS_WORDS = {
  unreviewed: "unreviewed", in_review: "in review", verified: "verified", rejected: "rejected",
};

const FIELD_WORDS = {
  place_name: "place", admin1: "province", lat: "latitude", lon: "longitude",
  place_precision: "place precision", event_type: "event type", date_end: "end date",
  date_precision: "date precision", grade_reason: "grade reason", review_status: "review status",
};

export function fieldWord(field) {
  return FIELD_WORDS[field] || field.replaceAll("_", " ");
}

// A stored value as an analyst reads it: lists of actors by name, nothing as JSON.
export function valueText(value) {
  if (value === null || value === undefined || value === "") return "–";
  if (Array.isArray(value)) return value.length ? value.map(valueText).join(", ") : "none";
  if (typeof value === "object") {
    if ("name" in value) return String(value.name);
    return Object.entries(value).map(([k, v]) => `${fieldWord(k)} ${valueText(v)}`).join(", ");
  }
  if (typeof value === "number" && !Number.isInteger(value)) return value.toFixed(4);
  return String(value).replaceAll("_", " ");
}

const link = (id) => el("a", { href: `#/incident/${id}` }, `#${id}`);

function fieldChanges(before, after, skip = []) {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !skip.includes(k))
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
  if (!keys.length) return null;
  return el("ul", { class: "changes" }, keys.map((k) => el("li", {}, el("span", { class: "field" }, fieldWord(k)), ": ",
    k in before ? [el("span", { class: "before" }, valueText(before[k])), " → "] : "",
    el("span", { class: "after" }, valueText(after[k])))));
}

// One audit entry as a sentence (and the fields it changed).
export function describe(entry, history) {
  const before = entry.before || {};
  const after = entry.after || {};
  switch (entry.action) {
    case "merge":
      if (after.merged_into_id) return ["Merged into ", link(after.merged_into_id), "."];
      {
        const other = (before.incidents || [])[1];
        const moved = other ? other.report_ids || [] : [];
        return ["Merged ", other ? link(other.incident_id) : "another incident", " into this one",
          moved.length ? ` (its reports: ${moved.join(", ")})` : "", "."];
      }
    case "split": {
      const moved = (before.report_ids || []).filter((r) => !(after.report_ids || []).includes(r));
      return [`Split ${moved.length ? `report ${moved.join(", ")}` : "a report"} out into a new incident `,
        after.new_incident_id ? link(after.new_incident_id) : "", "."];
    }
    case "undo": {
      const undone = (history || []).find((e) => e.id === after.undone_merge_log_id);
      const what = undone ? `the ${undone.kind}${undone.other_incident_id ? " with " : ""}` : "an earlier change";
      return [`Undid ${what}`, undone && undone.other_incident_id ? link(undone.other_incident_id) : "", "."];
    }
    case "keep apart":
      return ["Kept apart from ", link(after.kept_apart_from), ": they are two events."];
    case "reject figure":
      return [`Rejected the figure ${before.figure}.`, fieldChanges(before, after, ["figure"])];
    case "restore figure":
      return [`Restored the figure ${after.figure}.`, fieldChanges(before, after, ["figure"])];
    case "status":
    case "confirm":
      return [`Review status: ${STATUS_WORDS[before.review_status] || valueText(before.review_status)} → `,
        el("strong", {}, STATUS_WORDS[after.review_status] || valueText(after.review_status)), "."];
    case "assign":
      return [after.assignee ? `Assigned to ${after.assignee}` : "Unassigned",
        before.assignee ? ` (was ${before.assignee})` : "", "."];
    case "comment":
      return [el("span", { class: "comment-text" }, entry.note || "")];
    case "edit":
      return ["Corrected:", fieldChanges(before, after)];
    default:
      return [entry.action, fieldChanges(before, after)];
  }
}

export function auditTable(entries, history) {
  if (!entries.length) return el("p", { class: "muted" }, "No changes by analysts yet.");
  return el("table", { class: "audit" },
    el("thead", {}, el("tr", {}, ["When", "Who", "What", "Why"].map((h) => el("th", {}, h)))),
    el("tbody", {}, entries.map((a) => el("tr", { dataset: { action: a.action } },
      el("td", { class: "when" }, fmtTime(a.at)), el("td", { class: "who" }, a.user),
      el("td", {}, describe(a, history)),
      el("td", {}, a.action === "comment" ? "" : a.note || "")))));
}

export function historyList(events) {
  if (!events.length) return el("p", { class: "muted" }, "No merges or splits.");
  const words = { create: "created", attach: "report attached", merge: "merged", split: "split", undo: "undo" };
  return el("ul", { class: "history" }, events.map((e) => el("li", {},
    `${fmtTime(e.at)} · ${words[e.kind] || e.kind}`,
    e.other_incident_id ? [e.kind === "split" ? " into " : " with ", link(e.other_incident_id)] : "",
    ` · ${e.automatic ? "automatic" : `by ${e.user || "?"}`}`,
    e.score !== null ? ` · score ${e.score.toFixed(2)}` : "",
    e.reason ? ` · ${e.reason}` : "", e.undone ? " (undone)" : "")));
}
