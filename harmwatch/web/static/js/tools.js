// The analyst's tools on an incident page: the review bar (status, assignment), the correction
// form (every field, a place picked from the gazetteer or on the map), merge with a preview,
// split with a link to the new incident, and undo of what can still be undone.
/* global L */
import { api } from "./api.js";
import { ProvinceLayer } from "./basemap.js";
import { STATUS_WORDS } from "./audit.js";
import { clear, el, fmtDate, fmtTime, range } from "./dom.js";

const EVENT_TYPES = ["airstrike", "drone_strike", "shelling", "missile", "barrel_bomb", "ied",
  "shooting", "ground_clash", "uxo", "chemical", "other"];
const GRADES = ["", "Confirmed", "Fair", "Weak", "Contested", "Discounted"];
const FIELDS = [
  ["date", "Date", "date"], ["event_type", "Event type", EVENT_TYPES],
  ["killed_min", "Killed (min)", "int"], ["killed_max", "Killed (max)", "int"],
  ["injured_min", "Injured (min)", "int"], ["injured_max", "Injured (max)", "int"],
  ["children_killed_min", "Children killed (min)", "int"],
  ["children_killed_max", "Children killed (max)", "int"],
  ["women_killed_min", "Women killed (min)", "int"], ["women_killed_max", "Women killed (max)", "int"],
  ["grade", "Grade", GRADES], ["grade_reason", "Grade reason", "textarea"],
  ["summary", "Summary", "textarea"],
];
// actors and targets: one per line; the current value is the analyst's, else the reports'
const LISTS = [["perpetrators", "Perpetrators"], ["claims", "Claimed by"], ["denials", "Denied by"],
  ["targets", "Targets"]];

function current(detail, field) {
  const m = field.match(/^(killed|injured|children_killed|women_killed)_(min|max)$/);
  return m ? detail[m[1]][m[2]] : detail[field];
}

function listValue(detail, field) {
  const o = detail.overrides || {};
  if (field in o) return o[field].map((v) => (typeof v === "string" ? v : v.name));
  if (field === "targets") return detail.targets;
  const source = { perpetrators: detail.perpetrators, claims: detail.claims, denials: detail.denials }[field];
  return [...new Set(source.map((s) => s.actor))];
}

function input(field, kind, value) {
  if (Array.isArray(kind)) {
    return el("select", { name: field }, kind.map((o) => el("option", { value: o, selected: (value ?? "") === o }, o ? o.replace("_", " ") : "–")));
  }
  if (kind === "textarea") return el("textarea", { name: field, rows: 3 }, value ?? "");
  const type = kind === "int" || kind === "number" ? "number" : kind;
  return el("input", { name: field, type, step: kind === "number" ? "any" : kind === "int" ? "1" : null, value: value ?? "" });
}

export function reviewBar(page) {
  const d = page.detail;
  const status = el("select", { name: "review_status", "aria-label": "review status" },
    Object.entries(STATUS_WORDS).map(([value, words]) => el("option", { value, selected: d.review_status === value }, words)));
  const who = el("select", { name: "assignee", "aria-label": "assign to" }, el("option", { value: "" }, "nobody"));
  api("/api/review/analysts").then((list) => {
    for (const name of list) who.append(el("option", { value: name, selected: d.assignee === name }, name));
  }).catch(() => {});
  if (d.assignee) who.append(el("option", { value: d.assignee, selected: true }, d.assignee));
  const note = el("input", { type: "text", name: "status_note", placeholder: "note (optional)", maxlength: 2000 });
  return el("div", { class: "review-bar" },
    el("label", {}, "Status ", status), note,
    el("button", { type: "button", class: "set-status", onclick: () => page.act(
      api(`/api/incidents/${d.id}/status`, { method: "POST", body: { status: status.value, note: note.value || null, version: d.version } }),
      () => `Review status is now “${STATUS_WORDS[status.value]}”.`) }, "Set status"),
    el("button", { type: "button", class: "primary verify", disabled: d.review_status === "verified", onclick: () => page.act(
      api(`/api/incidents/${d.id}/status`, { method: "POST", body: { status: "verified", version: d.version } }),
      "The incident is verified.") }, d.review_status === "verified" ? "Verified" : "Verify"),
    el("label", {}, "Assign to ", who),
    el("button", { type: "button", class: "assign", onclick: () => page.act(
      api(`/api/incidents/${d.id}/assign`, { method: "POST", body: { assignee: who.value || null, version: d.version } }),
      () => (who.value ? `Assigned to ${who.value}.` : "Unassigned.")) }, "Assign"));
}

// The place: search the gazetteer by any spelling, or click the little map.
function placePicker(d, state) {
  const query = el("input", { type: "text", name: "place_name", value: d.place_name ?? "", "aria-label": "place" });
  const lat = el("input", { type: "number", step: "any", name: "lat", value: d.lat ?? "", "aria-label": "latitude" });
  const lon = el("input", { type: "number", step: "any", name: "lon", value: d.lon ?? "", "aria-label": "longitude" });
  const picked = el("p", { class: "picked muted" }, "Type a name and search the gazetteer, or click the map.");
  const results = el("ul", { class: "place-results" });
  let marker = null;
  const mapBox = el("div", { class: "pick-map", "aria-label": "click to set the place's coordinates" });
  const pick = (place) => {
    state.place = place;
    state.clicked = false;
    query.value = place.name;
    lat.value = place.lat ?? "";
    lon.value = place.lon ?? "";
    clear(results);
    clear(picked).append(`Picked from the gazetteer: ${[place.name, place.admin1, place.country].filter(Boolean).join(", ")} (${place.precision})`);
    if (marker && place.lat !== null) { marker.setLatLng([place.lat, place.lon]); state.map.setView([place.lat, place.lon], 7); }
  };
  const search = () => {
    const q = query.value.trim();
    if (!q) return;
    api(`/api/places?q=${encodeURIComponent(q)}`).then((found) => {
      clear(results);
      if (!found.length) {
        clear(picked).append(`No place called “${q}” in the gazetteer: try another spelling, or click the map.`);
        return;
      }
      results.append(...found.map((p) => el("li", {}, el("button", { type: "button", class: "link pick", onclick: () => pick(p) },
        [p.name, p.admin1, p.country].filter(Boolean).join(", "), ` (${p.precision}${p.lat !== null ? `, ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}` : ""})`))));
    }).catch((err) => { clear(picked).append(err.message); });
  };
  query.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); search(); } });
  query.addEventListener("input", () => { state.place = null; });
  // drawn once the box is visible (the tools start folded, and Leaflet needs a size)
  const seen = new ResizeObserver(() => {
    if (!mapBox.offsetWidth) return;
    if (state.map) { state.map.invalidateSize(); return; }
    draw();
  });
  seen.observe(mapBox);
  const draw = () => {
    if (typeof L === "undefined") return;
    const centre = d.lat !== null ? [d.lat, d.lon] : [34, 38];
    state.map = L.map(mapBox, { minZoom: 2, maxZoom: 16 }).setView(centre, d.lat !== null ? 6 : 4);
    state.map.createPane("pick-outlines").style.zIndex = 250; // under the marker
    fetch("/static/vendor/countries.geojson").then((r) => (r.ok ? r.json() : null)).then((shapes) => {
      if (shapes) L.geoJSON(shapes, { pane: "pick-outlines", interactive: false, style: { color: "#8a8171", weight: 1, fillColor: "#f3efe6", fillOpacity: 1 } }).addTo(state.map);
    }).catch(() => {});
    new ProvinceLayer(state.map); // the provinces, from zoom 5: click inside the right one
    marker = L.circleMarker(centre, { radius: 8, color: "#9b1c1c", fillColor: "#9b1c1c", fillOpacity: 0.6 }).addTo(state.map);
    state.map.on("click", (event) => {
      state.place = null;
      state.clicked = true;
      lat.value = event.latlng.lat.toFixed(5);
      lon.value = event.latlng.lng.toFixed(5);
      marker.setLatLng(event.latlng);
      clear(picked).append(`Point set on the map: ${lat.value}, ${lon.value} (name it above)`);
    });
  };
  return el("fieldset", { class: "place-picker" }, el("legend", {}, "Place"),
    el("div", { class: "row" }, query, el("button", { type: "button", class: "search-place", onclick: search }, "Search the gazetteer"),
      el("label", {}, "lat ", lat), el("label", {}, "lon ", lon)),
    results, picked, mapBox);
}

export function correctionForm(page) {
  const d = page.detail;
  const state = { place: null, clicked: false, map: null };
  const form = el("form", { class: "edit", onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = {};
    for (const [field, , kind] of FIELDS) {
      const raw = String(data.get(field) ?? "").trim();
      let value = raw === "" ? null : raw;
      if (value !== null && kind === "int") value = Number(raw);
      let before = current(d, field) ?? null;
      if (typeof before === "string") before = before.trim() || null;
      if (value !== before && !(kind === "date" && value === fmtDate(before))) body[field] = value;
    }
    for (const [field] of LISTS) {
      const lines = String(data.get(field) ?? "").split("\n").map((v) => v.trim()).filter(Boolean);
      if (JSON.stringify(lines) !== JSON.stringify(listValue(d, field))) body[field] = lines;
    }
    const name = String(data.get("place_name") ?? "").trim();
    if (state.place) {
      if (state.place.name !== d.place_name || state.place.lat !== d.lat) {
        body.place_name = state.place.name;
        body.gazetteer_id = state.place.gazetteer_id;
      }
    } else if (state.clicked) {
      body.place_name = name || d.place_name || "point on the map";
      body.lat = Number(data.get("lat"));
      body.lon = Number(data.get("lon"));
    } else if (name && name !== (d.place_name ?? "")) {
      body.place_name = name; // looked up in the gazetteer by the server
    }
    if (!Object.keys(body).length) return page.fail(new Error("Nothing changed: correct a field first."));
    const note = String(data.get("note") || "").trim();
    if (note) body.note = note;
    body.version = d.version;
    const fields = Object.keys(body).filter((k) => !["note", "version", "gazetteer_id", "lat", "lon"].includes(k));
    page.act(api(`/api/incidents/${d.id}`, { method: "PATCH", body }),
      `Corrected ${fields.map((f) => f.replaceAll("_", " ")).join(", ")} (in the audit trail below).`);
  } },
  el("h3", {}, "Correct this incident"),
  placePicker(d, state),
  el("div", { class: "grid" }, FIELDS.map(([field, label, kind]) => el("label", { class: kind === "textarea" ? "wide" : null },
    label, input(field, kind, current(d, field))))),
  el("div", { class: "grid lists" }, LISTS.map(([field, label]) => el("label", {}, `${label} (one per line)`,
    el("textarea", { name: field, rows: 3 }, listValue(d, field).join("\n"))))),
  el("label", { class: "wide" }, "Why (kept in the audit trail)", el("input", { name: "note", type: "text" })),
  el("button", { type: "submit", class: "primary save" }, "Save corrections"));
  return el("section", { class: "tools correct" }, form);
}

function preview(other) {
  return el("div", { class: "merge-preview" },
    el("strong", {}, `#${other.id} ${other.event_type.replace("_", " ")} in ${other.place_name || "unknown place"}, ${fmtDate(other.date)}`),
    el("p", {}, `Killed ${range(other.killed)} · injured ${range(other.injured)} · ${other.grade || "ungraded"} · `,
      `${other.source_count} source${other.source_count === 1 ? "" : "s"}: ${other.sources.map((s) => s.outlet || s.report_id).join(", ")}`),
    el("p", { class: "muted" }, other.summary || "No summary."));
}

export function mergeTools(page) {
  const d = page.detail;
  const other = el("input", { type: "number", min: 1, placeholder: "incident id", name: "other" });
  const shown = el("div", { class: "merge-step" });
  const look = () => {
    const id = Number(other.value);
    clear(shown);
    if (!id) return page.fail(new Error("Give the id of the incident to merge into this one."));
    if (id === d.id) return shown.append(el("p", { class: "status error" }, `That is this incident (#${d.id}): give another one.`));
    api(`/api/incidents/${id}`).then((o) => {
      if (o.merged_into_id) {
        shown.append(el("p", { class: "status error" }, `#${id} was already merged into `,
          el("a", { href: `#/incident/${o.merged_into_id}` }, `#${o.merged_into_id}`), ": merge that one instead."));
        return;
      }
      shown.append(preview(o), el("button", { type: "button", class: "primary confirm-merge", onclick: () => page.act(
        api(`/api/incidents/${d.id}/merge`, { method: "POST", body: { other_id: id, version: d.version, other_version: o.version } }),
        [`Merged #${id} into this incident (undo it below).`]) }, `Merge #${id} into #${d.id}`),
      el("button", { type: "button", onclick: () => clear(shown) }, "Cancel"));
    }).catch((err) => shown.append(el("p", { class: "status error" }, err.message)));
  };
  const undoable = d.merge_history.filter((e) => !e.undone && e.undo_problem === null && ["merge", "split", "attach"].includes(e.kind));
  const undoSelect = el("select", { name: "undo" }, undoable.map((e) =>
    el("option", { value: e.id }, `${e.kind} ${e.other_incident_id ? `with #${e.other_incident_id} ` : ""}(${fmtTime(e.at)})`)));
  const splitReport = el("select", { name: "split_report" }, d.sources.map((s) =>
    el("option", { value: s.report_id }, `${s.outlet || "?"} (${s.report_id})`)));
  const split = () => {
    let made = null;
    page.act(api(`/api/incidents/${d.id}/split`, { method: "POST", body: { report_id: splitReport.value, version: d.version } })
      .then((created) => { made = created.id; return api(`/api/incidents/${d.id}`); }),
    () => [`Report ${splitReport.value} is now a new incident: `, el("a", { href: `#/incident/${made}`, class: "new-incident" }, `open #${made}`), "."]);
  };
  return el("section", { class: "tools merging" },
    el("div", { class: "merge" }, el("h4", {}, "Merge another incident into this one"), other,
      el("button", { type: "button", class: "preview-merge", onclick: look }, "Show it first"), shown),
    d.sources.length > 1 ? el("div", { class: "split" }, el("h4", {}, "Split one report out to a new incident"),
      splitReport, el("button", { type: "button", class: "split-button", onclick: split }, "Split")) : null,
    undoable.length ? el("div", { class: "undo" }, el("h4", {}, "Undo a merge or split"), undoSelect,
      el("button", { type: "button", class: "undo-button", onclick: () => page.act(api(`/api/incidents/${d.id}/undo`,
        { method: "POST", body: { log_id: Number(undoSelect.value), version: d.version } }), "Undone.") }, "Undo")) : null);
}
