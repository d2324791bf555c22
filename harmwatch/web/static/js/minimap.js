// The incident page's mini-map: the place with its precision drawn — a point for a village,
// town or street; the outline of the province for a province or region (vendor/admin1, matched
// by the gazetteer's name of it), of the country for a country; a circle of the area it spans
// when no outline matches, and for a district.
/* global L */
import { OfflineBasemap, countryShapes, provinceOutline } from "./basemap.js";
import { el } from "./dom.js";

// About how far from its point a place of this precision may lie, in metres.
export const SPREAD = { district: 15000, province: 60000, region: 150000, country: 250000 };
const POINTS = new Set(["exact", "neighbourhood", "village", "town"]);
let tiles = "";

// The app's tile URL setting (empty: the offline outlines), set once at start.
export function useTiles(url) {
  tiles = url || "";
}

async function draw(box, detail, tileUrl) {
  const at = [detail.lat, detail.lon];
  // the shipped outlines are coarse (1:110m): a view of the region around, not of the street
  const map = L.map(box, { zoomControl: true, attributionControl: false, scrollWheelZoom: false, minZoom: 2 })
    .setView(at, 8);
  if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 18 }).addTo(map);
  else new OfflineBasemap(map); // outlines and the towns around, for context
  L.control.scale({ imperial: false, maxWidth: 100 }).addTo(map);
  const precision = detail.place_precision || "town";
  const style = { color: "#9b1c1c", weight: 2, fillColor: "#c0392b", fillOpacity: 0.18, className: "minimap-area" };
  let shape;
  if (POINTS.has(precision)) {
    shape = L.circleMarker(at, { radius: 7, color: "#3b0a0a", weight: 1.5, fillColor: "#c0392b", fillOpacity: 0.9, className: "minimap-point" });
  } else {
    shape = L.circle(at, { radius: SPREAD[precision] || SPREAD.province, ...style });
  }
  shape.addTo(map);
  let kind = POINTS.has(precision) ? "point" : "circle";
  if (precision === "country" && detail.country_name) {
    const shapes = await countryShapes();
    const match = shapes && shapes.features.find((f) => f.properties.name === detail.country_name);
    if (match) {
      shape.remove();
      shape = L.geoJSON(match, { style }).addTo(map);
      kind = "country";
    }
  }
  if ((precision === "province" || precision === "region") && detail.country) {
    // the province itself is the place, or holds it: its names, most specific first
    const names = precision === "province" ? [detail.admin1, detail.place_name] : [detail.place_name, detail.admin1];
    const match = await provinceOutline(detail.country, names);
    if (match) {
      shape.remove();
      shape = L.geoJSON(match, { style: { ...style, className: "minimap-area minimap-province" } }).addTo(map);
      kind = "province";
      box.dataset.province = match.properties.name;
    }
  }
  // not animated: the page (and a screenshot) sees the map as it ends up
  if (!POINTS.has(precision)) map.fitBounds(shape.getBounds().pad(kind === "circle" ? 0.6 : 0.15), { maxZoom: 9, animate: false });
  box.dataset.precision = precision;
  box.dataset.shape = POINTS.has(precision) ? "point" : "area";
  box.dataset.drawn = kind; // point, circle, province or country
}

// The mini-map's element, drawn once it is on the page; nothing when the place has no coordinates.
export function miniMap(detail, { tileUrl = tiles } = {}) {
  if (detail.lat === null || detail.lat === undefined || detail.lon === null || detail.lon === undefined) {
    return el("p", { class: "minimap-note" }, "No coordinates for this place: no map.");
  }
  const box = el("div", { class: "minimap", "aria-label": "Where this incident happened" });
  const precision = detail.place_precision || "town";
  const note = el("p", { class: "minimap-note" }, POINTS.has(precision)
    ? `A point: the place is known to the ${precision}.`
    : precision === "province" || precision === "region"
      ? `A shaded area: the place is known only to the ${precision}${detail.admin1 ? ` (${detail.admin1})` : ""}, somewhere in it.`
      : `A shaded area: the place is known only to the ${precision}, somewhere around this point.`);
  const wrap = el("div", { class: "minimap-wrap" }, box, note);
  const start = () => {
    if (!box.isConnected) return requestAnimationFrame(start);
    draw(box, detail, tileUrl).catch(() => { box.dataset.shape = "none"; });
    return null;
  };
  requestAnimationFrame(start);
  return wrap;
}
