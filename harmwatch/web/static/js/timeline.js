// The timeline: killed (bars) and incidents (dots) per day, week or month, whichever the visible
// span needs; annotations as shaded bands (only those inside the view: they never stretch it).
// Drag across it to select a date range (the map and the table then show that range), click a
// bar to select its day, week or month; the wheel zooms around the pointer, "Show all" zooms out.
import { clear, el } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const views = new WeakMap(); // container -> { t0, t1, extent }

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

export function toTime(day) {
  return Date.parse(`${String(day).slice(0, 10)}T00:00:00Z`);
}

export function iso(time) {
  return new Date(time).toISOString().slice(0, 10);
}

// The bar unit for a span of days: a day up to five months, a week up to three years, else a month.
export function unitFor(spanDays) {
  if (spanDays <= 150) return "day";
  if (spanDays <= 1100) return "week";
  return "month";
}

// The first day of the bin holding t, and the first day of the next one.
export function binOf(t, unit) {
  const d = new Date(t);
  if (unit === "day") return [t, t + DAY];
  if (unit === "week") {
    const start = t - ((d.getUTCDay() + 6) % 7) * DAY; // weeks start on Monday
    return [start, start + 7 * DAY];
  }
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return [start, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)];
}

export function bins(byDay, unit) {
  const out = new Map();
  for (const d of byDay) {
    const [start, end] = binOf(toTime(d.day), unit);
    const bin = out.get(start) || { start, end, incidents: 0, killed: 0 };
    bin.incidents += d.incidents;
    bin.killed += d.killed;
    out.set(start, bin);
  }
  return [...out.values()].sort((a, b) => a.start - b.start);
}

function binLabel(bin, unit) {
  if (unit === "day") return iso(bin.start);
  if (unit === "week") return `week of ${iso(bin.start)}`;
  return iso(bin.start).slice(0, 7);
}

// Tick marks at whole days, months or years, about one per 110 pixels.
function ticks(t0, t1, plotW) {
  const want = Math.max(2, Math.floor(plotW / 110));
  const span = (t1 - t0) / DAY;
  const out = [];
  if (span / want < 20) {
    const step = Math.max(1, Math.ceil(span / want)) * DAY;
    for (let t = Math.ceil(t0 / DAY) * DAY; t <= t1; t += step) out.push([t, iso(t)]);
    return out;
  }
  const months = Math.ceil(span / 30.4 / want);
  const stepM = [1, 2, 3, 6, 12, 24, 60].find((m) => m >= months) || 120;
  const start = new Date(t0);
  let y = start.getUTCFullYear();
  let m = Math.ceil((start.getUTCMonth() + 1) / stepM) * stepM;
  for (;;) {
    const t = Date.UTC(y + Math.floor(m / 12), m % 12, 1);
    if (t > t1) break;
    if (t >= t0) out.push([t, stepM >= 12 ? iso(t).slice(0, 4) : iso(t).slice(0, 7)]);
    m += stepM;
  }
  return out;
}

// byDay: the context (every other filter, no dates); selection: { since, until } or nulls;
// onSelect(since, until): a new range (both null: cleared).
export function drawTimeline(container, byDay, annotations, { selection = {}, onSelect = null } = {}) {
  clear(container);
  const days = byDay.map((d) => toTime(d.day));
  if (!days.length) {
    container.append(el("p", { class: "muted" }, "No dated incidents match the filters."));
    return;
  }
  const first = Math.min(...days);
  const last = Math.max(...days) + DAY;
  const pad = Math.max(DAY, (last - first) * 0.02);
  const extent = [first - pad, last + pad];
  let view = views.get(container);
  if (!view || view.extent.join() !== extent.join()) {
    view = { t0: extent[0], t1: extent[1], extent };
    views.set(container, view);
  }
  const redraw = () => drawTimeline(container, byDay, annotations, { selection, onSelect });
  const setView = (t0, t1) => {
    const full = extent[1] - extent[0];
    const span = Math.min(Math.max(t1 - t0, 7 * DAY), Math.max(full, 7 * DAY));
    let a = t0;
    if (t1 - t0 !== span) a = (t0 + t1) / 2 - span / 2;
    a = Math.max(extent[0] - span * 0.5, Math.min(a, extent[1] - span * 0.5));
    view.t0 = a;
    view.t1 = a + span;
    redraw();
  };

  const { t0, t1 } = view;
  const unit = unitFor((t1 - t0) / DAY);
  const visible = bins(byDay, unit).filter((b) => b.end > t0 && b.start < t1);
  const width = Math.max(container.clientWidth - 8 || 800, 320);
  const height = 180;
  const padBox = { left: 44, right: 40, top: 24, bottom: 26 };
  const plotW = width - padBox.left - padBox.right;
  const plotH = height - padBox.top - padBox.bottom;
  const bottom = padBox.top + plotH;
  const x = (t) => padBox.left + ((t - t0) / (t1 - t0)) * plotW;
  const tAt = (px) => t0 + ((px - padBox.left) / plotW) * (t1 - t0);
  const maxKilled = Math.max(1, ...visible.map((b) => b.killed));
  const maxCount = Math.max(1, ...visible.map((b) => b.incidents));
  const yK = (k) => bottom - (k / maxKilled) * plotH;
  const yN = (n) => bottom - (n / maxCount) * plotH;

  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, width, height, class: "timeline-svg", role: "img",
    "aria-label": `Incidents and killed per ${unit}; drag to select dates, wheel to zoom`,
  });
  const clip = svg("clipPath", { id: "tl-clip" });
  clip.append(svg("rect", { x: padBox.left, y: 0, width: plotW, height }));
  const defs = svg("defs");
  defs.append(clip);
  root.append(defs);
  const plot = svg("g", { "clip-path": "url(#tl-clip)" });
  root.append(plot);

  for (const note of annotations) {
    const n0 = toTime(note.date);
    const n1 = toTime(note.date_end || note.date) + DAY;
    if (n1 <= t0 || n0 >= t1) continue; // outside the view: not drawn, and never widens it
    const x0 = Math.max(padBox.left, x(n0));
    const x1 = Math.max(x0 + 2, Math.min(padBox.left + plotW, x(n1)));
    const band = svg("g", { class: "tl-note" });
    band.append(svg("rect", { x: x0, y: padBox.top - 14, width: x1 - x0, height: plotH + 14 }));
    band.append(svg("text", { x: x0 + 3, y: padBox.top - 4 }, note.label));
    band.append(svg("title", {}, `${note.date}${note.date_end ? ` to ${note.date_end}` : ""}: ${note.label}`));
    plot.append(band);
  }
  for (const [t, label] of ticks(t0, t1, plotW)) {
    plot.append(svg("line", { x1: x(t), x2: x(t), y1: padBox.top, y2: bottom, class: "tl-grid" }));
    root.append(svg("text", { x: x(t), y: height - 8, class: "tl-tick", "text-anchor": "middle" }, label));
  }
  root.append(svg("line", { x1: padBox.left, x2: width - padBox.right, y1: bottom, y2: bottom, class: "tl-axis" }));

  const selected = selection.since || selection.until
    ? [selection.since ? toTime(selection.since) : extent[0], selection.until ? toTime(selection.until) + DAY : extent[1]]
    : null;
  for (const b of visible) {
    const inside = !selected || (b.end > selected[0] && b.start < selected[1]);
    const group = svg("g", { class: `tl-day${inside ? "" : " tl-out"}`, "data-day": iso(b.start), "data-end": iso(b.end - DAY) });
    const left = x(b.start);
    const w = Math.max(1.5, x(b.end) - left - (x(b.end) - left > 4 ? 1 : 0));
    const top = yK(b.killed);
    group.append(svg("rect", { x: left, y: top, width: w, height: bottom - top, class: "tl-killed" }));
    group.append(svg("circle", { cx: left + w / 2, cy: yN(b.incidents), r: 2.6, class: "tl-count" }));
    group.append(svg("title", {}, `${binLabel(b, unit)}: ${b.incidents} incident${b.incidents === 1 ? "" : "s"}, at least ${b.killed} killed (click to select)`));
    plot.append(group);
  }
  const brush = svg("rect", { class: "tl-brush", y: padBox.top, height: plotH, x: 0, width: 0, visibility: "hidden" });
  if (selected) {
    const a = Math.max(padBox.left - 2, x(selected[0]));
    const b = Math.min(padBox.left + plotW + 2, x(selected[1]));
    if (b > a) {
      brush.setAttribute("x", a);
      brush.setAttribute("width", b - a);
      brush.setAttribute("visibility", "visible");
    }
  }
  plot.append(brush);
  root.append(svg("text", { x: padBox.left - 4, y: padBox.top + 4, class: "tl-legend-k", "text-anchor": "end" }, String(maxKilled)));
  root.append(svg("text", { x: width - padBox.right + 4, y: padBox.top + 4, class: "tl-legend-n" }, String(maxCount)));

  // drag to select, click to select one bar, wheel to zoom
  // a transparent backdrop under the bars catches the pointer between them; the bars' own
  // events bubble up to the svg, so their tooltips still show
  plot.insertBefore(svg("rect", { x: padBox.left, y: padBox.top - 14, width: plotW, height: plotH + 14, class: "tl-overlay" }), plot.firstChild);
  const overlay = root;
  const px = (event) => {
    const r = root.getBoundingClientRect();
    return ((event.clientX - r.left) / r.width) * width;
  };
  let start = null;
  overlay.addEventListener("pointerdown", (event) => {
    if (px(event) < padBox.left || px(event) > padBox.left + plotW) return;
    event.preventDefault();
    start = px(event);
    overlay.setPointerCapture(event.pointerId);
    brush.setAttribute("x", start);
    brush.setAttribute("width", 0);
    brush.setAttribute("visibility", "visible");
  });
  overlay.addEventListener("pointermove", (event) => {
    if (start === null) return;
    const now = Math.max(padBox.left, Math.min(padBox.left + plotW, px(event)));
    brush.setAttribute("x", Math.min(start, now));
    brush.setAttribute("width", Math.abs(now - start));
  });
  overlay.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const end = Math.max(padBox.left, Math.min(padBox.left + plotW, px(event)));
    const from = start;
    start = null;
    if (!onSelect) return;
    if (Math.abs(end - from) < 4) {
      const t = tAt(end);
      const hit = visible.find((b) => t >= b.start && t < b.end);
      if (hit) onSelect(iso(hit.start), iso(hit.end - DAY));
      else redraw();
      return;
    }
    const a = Math.floor(tAt(Math.min(from, end)) / DAY) * DAY;
    const b = Math.floor(tAt(Math.max(from, end)) / DAY) * DAY;
    onSelect(iso(a), iso(b));
  });
  overlay.addEventListener("wheel", (event) => {
    event.preventDefault();
    const at = tAt(px(event));
    const factor = event.deltaY > 0 ? 1.4 : 1 / 1.4;
    setView(at - (at - t0) * factor, at + (t1 - at) * factor);
  }, { passive: false });

  container.dataset.unit = unit;
  container.dataset.since = selection.since || "";
  container.dataset.until = selection.until || "";
  const full = view.t0 <= extent[0] && view.t1 >= extent[1];
  const tools = el("div", { class: "tl-tools" },
    el("span", { class: "tl-unit" }, `one bar per ${unit}`),
    el("button", { type: "button", class: "link", onclick: () => setView(t0 + (t1 - t0) * 0.25, t1 - (t1 - t0) * 0.25) }, "zoom in"),
    el("button", { type: "button", class: "link", disabled: full, onclick: () => setView(t0 - (t1 - t0) * 0.5, t1 + (t1 - t0) * 0.5) }, "zoom out"),
    selected ? el("button", { type: "button", class: "link tl-zoom-sel", onclick: () => setView(selected[0] - DAY, selected[1] + DAY) }, "zoom to the selection") : null,
    el("button", { type: "button", class: "link", disabled: full, onclick: () => { view.t0 = extent[0]; view.t1 = extent[1]; redraw(); } }, "show all"),
    selected && onSelect ? el("button", { type: "button", class: "link tl-clear", onclick: () => onSelect(null, null) }, "clear the dates") : null,
    el("span", { class: "muted" }, " drag across the bars to select dates; the wheel zooms"));
  container.append(tools, root);
  container.append(el("p", { class: "legend" },
    el("span", { class: "key key-killed" }), ` killed per ${unit} (left scale)  `,
    el("span", { class: "key key-count" }), ` incidents per ${unit} (right scale)  `,
    el("span", { class: "key key-brush" }), " selected dates  ",
    el("span", { class: "key key-note" }), " annotation"));
}
