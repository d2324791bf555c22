// DOM helpers. Data is only ever put into the page as text (textContent / text nodes), never as
// HTML, so a report containing <script> shows as those characters.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "href") node.setAttribute("href", safeHref(value));
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// Only http(s) links and the app's own fragments and paths; anything else (javascript:) is dropped.
export function safeHref(value) {
  const text = String(value);
  if (text.startsWith("#") || text.startsWith("/")) return text;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "#";
  } catch {
    return "#";
  }
}

// A casualty range as the API writes it (harmwatch/ranges.py format_range: "21", "10-15",
// "21+", "up to 35"): pass the row's range_text[name] when it has one; the map's markers
// carry none, so the same rules are kept here.
export function range(r, text = undefined) {
  if (typeof text === "string") return text || "–";
  const none = (v) => v === null || v === undefined;
  if (!r || (none(r.min) && none(r.max))) return "–";
  if (none(r.max)) return `${r.min}+`;
  if (none(r.min)) return `up to ${r.max}`;
  return r.min === r.max ? String(r.min) : `${r.min}-${r.max}`;
}

// Text with [start, end) spans marked. Offsets count Unicode code points (as Python does), so
// the text is split into code points, not UTF-16 units. Overlapping spans nest into one <mark>
// per segment carrying every kind that covers it.
export function markedText(text, spans, { base = 0, focus = null } = {}) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  const inside = [];
  for (const span of spans) {
    const start = Math.max(0, span.start - base);
    const end = Math.min(chars.length, span.end - base);
    if (end <= start) continue;
    inside.push({ ...span, start, end });
    cuts.add(start);
    cuts.add(end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = chars.slice(a, b).join("");
    const covering = inside.filter((s) => s.start <= a && s.end >= b);
    if (!covering.length) {
      frag.append(document.createTextNode(piece));
      continue;
    }
    const kinds = [...new Set(covering.map((s) => s.kind))];
    const mark = el("mark", {
      class: ["ev", ...kinds.map((k) => `ev-${k}`)].join(" "),
      title: covering.map((s) => `${s.kind}: ${s.label}`).join("\n"),
    }, piece);
    if (focus !== null && covering.some((s) => s.incident_id === focus)) mark.classList.add("ev-focus");
    frag.append(mark);
  }
  return frag;
}

export function fmtDate(value) {
  return value ? String(value).slice(0, 10) : "–";
}

export function fmtTime(value) {
  return value ? String(value).replace("T", " ").slice(0, 19) : "–";
}
