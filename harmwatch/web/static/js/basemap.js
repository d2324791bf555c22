// The offline basemap, drawn when no tile URL is set: country outlines (vendor/countries.geojson),
// province outlines from zoom ADMIN1_ZOOM on (vendor/admin1/CC.geojson, Natural Earth, one file
// per country, fetched for the countries in view), province and town labels from the gazetteer
// (/api/basemap/places: larger towns at low zoom, more as you zoom in), a scale bar and a legend
// of the incident markers. Every label is a text node (el()), never HTML.
/* global L */
import { api } from "./api.js";
import { el } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";
export const ADMIN1_ZOOM = 5;
let countriesPromise = null;
let admin1Index = null;
const admin1Files = new Map();

// The country outlines, fetched once and shared by the overview map and the mini-maps.
export function countryShapes() {
  if (!countriesPromise) {
    countriesPromise = fetch("/static/vendor/countries.geojson")
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null);
  }
  return countriesPromise;
}

// Which countries have province outlines, and their bounding boxes (vendor/admin1/index.json).
export function admin1Countries() {
  if (!admin1Index) {
    admin1Index = fetch("/static/vendor/admin1/index.json")
      .then((r) => (r.ok ? r.json() : {}))
      .catch(() => ({}));
  }
  return admin1Index;
}

// One country's province outlines (null when the package has none for it), fetched once.
export async function provinceShapes(country) {
  const code = String(country || "").toUpperCase();
  const index = await admin1Countries();
  if (!Object.hasOwn(index, code)) return null;
  if (!admin1Files.has(code)) {
    admin1Files.set(code, fetch(`/static/vendor/admin1/${index[code].file}`)
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null));
  }
  return admin1Files.get(code);
}

// A name's letters only, lower case, accents off (as tools/admin1_outlines.py compares them).
export function plainName(name) {
  return String(name || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

// The outline of a province by any of its names: Natural Earth's, or the gazetteer's (matched
// when the file was built); null when none matches.
export async function provinceOutline(country, names) {
  const shapes = await provinceShapes(country);
  if (!shapes) return null;
  const wanted = new Set(names.filter(Boolean).map(plainName).filter(Boolean));
  if (!wanted.size) return null;
  const spelt = (f) => [f.properties.name, ...(f.properties.names || [])].map(plainName);
  // the gazetteer's own name first: Natural Earth may call another province by the same word
  return shapes.features.find((f) => (f.properties.names || []).some((n) => wanted.has(plainName(n))))
    || shapes.features.find((f) => spelt(f).some((n) => wanted.has(n))) || null;
}

// The province outlines of the countries in view, from zoom ADMIN1_ZOOM on: thin grey lines
// over the country fills, under the labels and the incidents.
export class ProvinceLayer {
  constructor(map) {
    this.map = map;
    this.drawn = new Map(); // country code -> its L.geoJSON layer
    if (!map.getPane("outlines")) map.createPane("outlines").style.zIndex = 250;
    this.group = L.layerGroup().addTo(map);
    map.on("moveend zoomend", () => this.refresh());
    this.refresh();
  }

  async refresh() {
    const container = this.map.getContainer();
    if (this.map.getZoom() < ADMIN1_ZOOM) {
      if (this.map.hasLayer(this.group)) this.group.remove();
      container.dataset.provinces = "0";
      return;
    }
    if (!this.map.hasLayer(this.group)) this.group.addTo(this.map);
    const index = await admin1Countries();
    const view = this.map.getBounds();
    const wanted = Object.entries(index).filter(([, c]) => view.intersects(
      L.latLngBounds([c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]))).map(([code]) => code);
    await Promise.all(wanted.filter((code) => !this.drawn.has(code)).map(async (code) => {
      this.drawn.set(code, null); // asked for: not again
      const shapes = await provinceShapes(code);
      if (!shapes) return;
      const layer = L.geoJSON(shapes, {
        pane: "outlines",
        interactive: false,
        style: { color: "#a39c8e", weight: 0.8, dashArray: "3 3", fill: false, className: "hw-admin1" },
      });
      this.drawn.set(code, layer);
      this.group.addLayer(layer);
    }));
    if (this.map.getZoom() < ADMIN1_ZOOM) {
      // zoomed out while the outlines were fetched: the refresh of that zoom has the last word
      if (this.map.hasLayer(this.group)) this.group.remove();
      container.dataset.provinces = "0";
      return;
    }
    let count = 0;
    for (const layer of this.drawn.values()) if (layer) count += layer.getLayers().length;
    container.dataset.provinces = String(count);
  }
}

export async function addOutlines(map, { fill = "#f3f0e8" } = {}) {
  const shapes = await countryShapes();
  if (!shapes) return null;
  if (!map.getPane("outlines")) map.createPane("outlines").style.zIndex = 250; // below incidents
  return L.geoJSON(shapes, {
    pane: "outlines",
    interactive: false,
    style: { color: "#8f8a80", weight: 0.9, fillColor: fill, fillOpacity: 1 },
  }).addTo(map);
}

// Where a country's name goes: the middle of the bounding box of its largest ring.
function labelPoint(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let best = null;
  for (const polygon of polygons) {
    const ring = polygon[0];
    const lons = ring.map((p) => p[0]);
    const lats = ring.map((p) => p[1]);
    const box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
    const area = (box[2] - box[0]) * (box[3] - box[1]);
    if (!best || area > best.area) best = { area, lat: (box[1] + box[3]) / 2, lon: (box[0] + box[2]) / 2 };
  }
  return best;
}

function labelIcon(text, kind) {
  const body = el("span", { class: `hw-label-text` }, text);
  return L.divIcon({ html: body, className: `hw-label hw-label-${kind}`, iconSize: null });
}

// Labels that would overlap one already placed are left out (the list is in priority order).
function place(map, items) {
  const boxes = [];
  const kept = [];
  const size = { country: 7.2, province: 6.4, town: 6.2 };
  for (const item of items) {
    const p = map.latLngToContainerPoint([item.lat, item.lon]);
    const w = item.name.length * (size[item.kind] || 6.2) + 8;
    const h = item.kind === "town" ? 22 : 16;
    const box = [p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2];
    if (boxes.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
    boxes.push(box);
    kept.push(item);
  }
  return kept;
}

export class OfflineBasemap {
  constructor(map) {
    this.map = map;
    this.countries = [];
    this.towns = [];
    this.layer = L.layerGroup([], { pane: "labels" });
    if (!map.getPane("labels")) {
      const pane = map.createPane("labels");
      pane.style.zIndex = 350; // over the outlines, under the incidents
      pane.style.pointerEvents = "none";
    }
    this.layer.addTo(map);
    this.pending = 0;
    addOutlines(map).then(async () => {
      this.provinces = new ProvinceLayer(map);
      const shapes = await countryShapes();
      this.countries = (shapes ? shapes.features : []).map((f) => ({
        name: f.properties.name, kind: "country", ...labelPoint(f.geometry),
      }));
      this.refresh();
    });
    map.on("moveend", () => this.refresh());
  }

  async refresh() {
    const ticket = ++this.pending;
    const zoom = this.map.getZoom();
    const bounds = this.map.getBounds().pad(0.1);
    const box = [Math.max(-180, bounds.getWest()), Math.max(-85, bounds.getSouth()),
      Math.min(180, bounds.getEast()), Math.min(85, bounds.getNorth())].map((v) => v.toFixed(3)).join(",");
    try {
      this.towns = await api(`/api/basemap/places?bbox=${box}&zoom=${zoom}`);
    } catch {
      this.towns = [];
    }
    if (ticket !== this.pending) return; // a later move has asked again
    this.draw();
  }

  draw() {
    const zoom = this.map.getZoom();
    const view = this.map.getBounds().pad(0.05);
    const countries = zoom <= 6 ? this.countries.filter((c) => c.lat !== undefined && view.contains([c.lat, c.lon])) : [];
    const provinces = this.towns.filter((t) => t.kind === "province");
    const towns = this.towns.filter((t) => t.kind === "town");
    const order = zoom <= 5 ? [...countries, ...provinces, ...towns] : [...provinces, ...towns, ...countries];
    this.layer.clearLayers();
    for (const item of place(this.map, order)) {
      const marker = L.marker([item.lat, item.lon], {
        icon: labelIcon(item.name, item.kind), interactive: false, keyboard: false, pane: "labels",
      });
      this.layer.addLayer(marker);
      if (item.kind === "town") {
        this.layer.addLayer(L.circleMarker([item.lat, item.lon], {
          radius: 2, weight: 0, fillColor: "#4a4a4a", fillOpacity: 0.9, interactive: false, pane: "labels",
        }));
      }
    }
    this.map.getContainer().dataset.labels = String(this.layer.getLayers().length);
  }
}

function svg(tag, attrs) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

// The legend: what a marker's colour (grade) and size (killed) say, and the clusters.
export function legendControl(colours, radiusFor) {
  const Legend = L.Control.extend({
    options: { position: "bottomright" },
    onAdd() {
      const box = el("div", { class: "hw-legend leaflet-bar", "aria-label": "Map legend" });
      L.DomEvent.disableClickPropagation(box);
      const grades = el("ul", { class: "hw-legend-grades" });
      for (const [grade, colour] of Object.entries(colours)) {
        const dot = svg("svg", { width: 14, height: 14, "aria-hidden": "true" });
        dot.append(svg("circle", { cx: 7, cy: 7, r: 6, fill: colour, stroke: "#3b0a0a", "stroke-width": 1 }));
        grades.append(el("li", {}, dot, ` ${grade}`));
      }
      const sizes = el("div", { class: "hw-legend-sizes" });
      const steps = [1, 10, 100];
      const big = radiusFor(steps[steps.length - 1]);
      const row = svg("svg", { width: steps.length * (2 * big + 6), height: 2 * big + 16, "aria-hidden": "true" });
      let x = 0;
      for (const killed of steps) {
        const r = radiusFor(killed);
        row.append(svg("circle", { cx: x + big, cy: big + 1, r, fill: "#c0392b", "fill-opacity": 0.6, stroke: "#3b0a0a", "stroke-width": 1 }));
        const label = svg("text", { x: x + big, y: 2 * big + 13, "text-anchor": "middle", "font-size": 10 });
        label.textContent = String(killed);
        row.append(label);
        x += 2 * big + 6;
      }
      sizes.append(row);
      box.append(
        el("strong", {}, "Grade"), grades,
        el("strong", {}, "Killed (lowest toll)"), sizes,
        el("div", { class: "hw-legend-cluster" }, el("span", { class: "hw-legend-cluster-dot" }, "3"),
          " a cluster of 3 incidents"));
      return box;
    },
  });
  return new Legend();
}
