// The review queues: pairs of incidents that may be one (side by side, with the resolver's
// score and reasons; merge or keep apart), and each analyst's incidents still to review.
import { api, session } from "./api.js";
import { STATUS_WORDS } from "./audit.js";
import { append, clear, el, fmtDate, range } from "./dom.js";

function side(i) {
  return el("div", { class: "dup-side", dataset: { id: i.id } },
    el("h4", {}, el("a", { href: `#/incident/${i.id}` }, `#${i.id}`), ` ${i.event_type.replace("_", " ")}`),
    el("dl", { class: "facts small" },
      el("dt", {}, "Date"), el("dd", {}, fmtDate(i.date)),
      el("dt", {}, "Place"), el("dd", {}, [i.place_name || "unknown", i.admin1, i.country].filter(Boolean).join(", ")),
      el("dt", {}, "Killed"), el("dd", {}, range(i.killed)),
      el("dt", {}, "Injured"), el("dd", {}, range(i.injured)),
      el("dt", {}, "Actors"), el("dd", {}, (i.actor_names || i.actors).join(", ") || "–"),
      el("dt", {}, "Grade"), el("dd", {}, i.grade || "ungraded"),
      el("dt", {}, "Sources"), el("dd", {}, i.report_ids.join(", "))),
    el("p", { class: "summary small" }, i.summary || "No summary."));
}

function pairCard(pair, view) {
  const note = el("input", { type: "text", name: "note", placeholder: "why (optional)", maxlength: 2000 });
  const actions = el("div", { class: "dup-actions" });
  const confirmMerge = () => {
    clear(actions).append(`Fold #${pair.b.id} into #${pair.a.id}? `,
      el("button", { type: "button", class: "primary confirm-merge", onclick: () => view.act(
        api(`/api/incidents/${pair.a.id}/merge`, { method: "POST", body: { other_id: pair.b.id, note: note.value || null, version: pair.a.version, other_version: pair.b.version } }),
        [`Saved. Merged #${pair.b.id} into `, el("a", { href: `#/incident/${pair.a.id}` }, `#${pair.a.id}`), " (undo it on that page)."]) },
      "Yes, merge"),
      el("button", { type: "button", onclick: () => view.draw() }, "Cancel"));
  };
  if (view.canEdit) {
    actions.append(note,
      el("button", { type: "button", class: "merge-pair", onclick: confirmMerge }, `Merge into #${pair.a.id}…`),
      el("button", { type: "button", class: "keep-apart", onclick: () => view.act(
        api(`/api/incidents/${pair.a.id}/keep-apart`, { method: "POST", body: { other_id: pair.b.id, note: note.value || null } }),
        `Saved. #${pair.a.id} and #${pair.b.id} are kept apart: neither this queue nor the resolver will join them again.`) },
      "Keep apart"));
  }
  const where = [pair.km !== null ? `${pair.km} km apart` : "distance unknown",
    pair.days !== null ? `${pair.days} day${pair.days === 1 ? "" : "s"} apart` : "dates unknown"].join(" · ");
  return el("article", { class: "dup-pair", dataset: { a: pair.a.id, b: pair.b.id } },
    el("div", { class: "dup-sides" }, side(pair.a),
      el("div", { class: "dup-score" },
        el("div", { class: `score ${pair.resolver_would_merge ? "likely" : ""}` }, pair.score.toFixed(1)),
        el("div", { class: "verdict" }, pair.resolver_would_merge ? "the resolver would join them" : "the resolver keeps them apart"),
        el("div", { class: "muted" }, where),
        el("ul", { class: "reasons" }, pair.reasons.map((r) => el("li", {}, r)))),
      side(pair.b)),
    actions);
}

export async function showDuplicates(container, { canEdit }) {
  const view = { canEdit, message: null, kind: "ok" };
  view.draw = async () => {
    const pairs = await api("/api/review/duplicates?limit=100");
    append(clear(container), [
      el("p", { class: "crumbs" }, el("a", { href: "#/" }, "← all incidents"), " · ", el("a", { href: "#/queue" }, "review queue")),
      el("h2", {}, "Possible duplicates"),
      el("div", { id: "incident-message", class: view.message ? `status ${view.kind}` : "", role: "status", "aria-live": "polite" }, view.message || ""),
      el("p", { class: "muted" }, "Pairs of incidents close in place and time, the likeliest first, as the resolver scores them. ",
        "Merge the ones that are one event; keep apart the ones that are two (remembered: they are never proposed or joined again)."),
      pairs.length ? pairs.map((p) => pairCard(p, view)) : el("p", { class: "empty" }, "No possible duplicates left.")]);
    document.title = "duplicates · harmwatch";
  };
  view.act = (promise, message) => promise.then(() => {
    view.message = message;
    view.kind = "ok";
    return view.draw();
  }).catch((err) => {
    view.message = err.message || String(err);
    view.kind = "error";
    return view.draw();
  });
  await view.draw();
}

export async function showQueue(container, { params }) {
  const who = params.get("assignee") ?? (session.user ? session.user.name : "");
  const status = params.get("status") || "";
  const query = new URLSearchParams();
  if (who) query.set("assignee", who);
  if (status) query.set("status", status);
  const [rows, analysts] = await Promise.all([api(`/api/review/queue?${query}`), api("/api/review/analysts")]);
  const whoSelect = el("select", { name: "assignee", "aria-label": "analyst" }, el("option", { value: "" }, "every analyst"),
    analysts.map((a) => el("option", { value: a, selected: a === who }, a)));
  const statusSelect = el("select", { name: "status", "aria-label": "status" }, el("option", { value: "" }, "still to do"),
    Object.entries(STATUS_WORDS).map(([v, w]) => el("option", { value: v, selected: v === status }, w)));
  const go = () => {
    const next = new URLSearchParams();
    next.set("assignee", whoSelect.value);
    if (statusSelect.value) next.set("status", statusSelect.value);
    location.hash = `#/queue?${next}`;
  };
  whoSelect.addEventListener("change", go);
  statusSelect.addEventListener("change", go);
  append(clear(container), [
    el("p", { class: "crumbs" }, el("a", { href: "#/" }, "← all incidents"), " · ", el("a", { href: "#/duplicates" }, "possible duplicates")),
    el("h2", {}, who ? `Review queue of ${who}` : "Review queue"),
    el("div", { class: "queue-filters" }, whoSelect, " ", statusSelect),
    rows.length ? el("table", { class: "incidents queue" },
      el("thead", {}, el("tr", {}, ["ID", "Date", "Place", "Type", "Killed", "Status", "Assigned to"].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows.map((i) => el("tr", {},
        el("td", {}, el("a", { href: `#/incident/${i.id}` }, `#${i.id}`)), el("td", {}, fmtDate(i.date)),
        el("td", {}, i.place_name || "–"), el("td", {}, i.event_type.replace("_", " ")), el("td", {}, range(i.killed)),
        el("td", {}, STATUS_WORDS[i.review_status] || i.review_status), el("td", {}, i.assignee || "–")))))
      : el("p", { class: "empty" }, "Nothing to review here.")]);
  document.title = "review queue · harmwatch";
}
