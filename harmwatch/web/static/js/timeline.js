// The timeline: killed per day as bars, incidents per day as dots, annotations as shaded bands.
import { clear, el } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";
const DAY = 86400000;

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

function toTime(day) {
  return Date.parse(`${String(day).slice(0, 10)}T00:00:00Z`);
}

function iso(time) {
  return new Date(time).toISOString().slice(0, 10);
}

export function drawTimeline(container, byDay, annotations, { onDay = null } = {}) {
  clear(container);
  const days = byDay.map((d) => toTime(d.day));
  const notes = annotations.map((a) => ({ ...a, t0: toTime(a.date), t1: toTime(a.date_end || a.date) }));
  if (!days.length) {
    container.append(el("p", { class: "muted" }, "No dated incidents match the filters."));
    return;
  }
  let first = Math.min(...days);
  let last = Math.max(...days);
  for (const note of notes) {
    if (note.t1 >= first - 30 * DAY && note.t0 <= last + 30 * DAY) {
      first = Math.min(first, note.t0);
      last = Math.max(last, note.t1);
    }
  }
  first -= DAY;
  last += DAY;
  const width = Math.max(container.clientWidth || 800, 320);
  const height = 170;
  const pad = { left: 40, right: 36, top: 22, bottom: 26 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (t) => pad.left + ((t - first) / (last - first)) * plotW;
  const maxKilled = Math.max(1, ...byDay.map((d) => d.killed));
  const maxCount = Math.max(1, ...byDay.map((d) => d.incidents));
  const yK = (k) => pad.top + plotH - (k / maxKilled) * plotH;
  const yN = (n) => pad.top + plotH - (n / maxCount) * plotH;
  const barW = Math.max(2, Math.min(18, (plotW / ((last - first) / DAY)) * 0.8));

  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, width, height, class: "timeline-svg", role: "img",
    "aria-label": "Incidents and killed per day",
  });
  for (const note of notes) {
    if (note.t1 < first || note.t0 > last) continue;
    const x0 = x(Math.max(note.t0, first));
    const x1 = Math.max(x0 + 2, x(Math.min(note.t1 + DAY, last)));
    const band = svg("g", { class: "tl-note" });
    band.append(svg("rect", { x: x0, y: pad.top - 14, width: x1 - x0, height: plotH + 14 }));
    band.append(svg("text", { x: x0 + 3, y: pad.top - 4 }, note.label));
    band.append(svg("title", {}, `${note.date}${note.date_end ? ` to ${note.date_end}` : ""}: ${note.label}`));
    root.append(band);
  }
  root.append(svg("line", {
    x1: pad.left, x2: width - pad.right, y1: pad.top + plotH, y2: pad.top + plotH, class: "tl-axis",
  }));
  for (const d of byDay) {
    const t = toTime(d.day);
    const group = svg("g", { class: "tl-day", "data-day": d.day });
    if (onDay) group.addEventListener("click", () => onDay(d.day));
    const top = yK(d.killed);
    group.append(svg("rect", {
      x: x(t) - barW / 2, y: top, width: barW, height: pad.top + plotH - top, class: "tl-killed",
    }));
    group.append(svg("circle", { cx: x(t), cy: yN(d.incidents), r: 3, class: "tl-count" }));
    group.append(svg("rect", { x: x(t) - 6, y: pad.top, width: 12, height: plotH, class: "tl-hit" }));
    group.append(svg("title", {}, `${d.day}: ${d.incidents} incident(s), at least ${d.killed} killed (click to list them)`));
    root.append(group);
  }
  const spanDays = Math.round((last - first) / DAY);
  const ticks = Math.max(1, Math.min(8, Math.floor(plotW / 110), spanDays));
  const shown = new Set();
  for (let i = 0; i <= ticks; i++) {
    const t = first + Math.round((spanDays * i) / ticks) * DAY; // whole days only
    if (shown.has(t)) continue;
    shown.add(t);
    root.append(svg("text", { x: x(t), y: height - 8, class: "tl-tick", "text-anchor": "middle" }, iso(t)));
  }
  root.append(svg("text", { x: 4, y: pad.top + 4, class: "tl-legend-k" }, String(maxKilled)));
  root.append(svg("text", { x: width - 4, y: pad.top + 4, class: "tl-legend-n", "text-anchor": "end" },
    String(maxCount)));
  container.append(root);
  container.append(el("p", { class: "legend" },
    el("span", { class: "key key-killed" }), " killed per day (left scale)  ",
    el("span", { class: "key key-count" }), " incidents per day (right scale)  ",
    el("span", { class: "key key-note" }), " annotation"));
}
