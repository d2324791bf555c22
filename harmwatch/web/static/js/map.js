// The map: incidents as circles sized by killed, clustered; tiles when configured, else the
// offline basemap (outlines and gazetteer labels, basemap.js); a scale bar and a legend.
/* global L */
import { OfflineBasemap, legendControl } from "./basemap.js";
import { el, fmtDate, range } from "./dom.js";

export const COLOURS = {
  Confirmed: "#7a0019", Fair: "#c0392b", Weak: "#e67e22", Contested: "#8e44ad",
  Discounted: "#7f8c8d",
};
const UNGRADED = "#d35400";

export function radiusFor(killed) {
  return Math.min(22, 5 + 2 * Math.sqrt(Math.max(0, killed || 0)));
}

function tooltipFor(incident) {
  return el("div", { class: "map-tip" },
    el("strong", {}, `#${incident.id} ${incident.place_name || "unknown place"}`),
    el("div", {}, `${fmtDate(incident.date)} · ${incident.event_type.replace("_", " ")}`),
    el("div", {}, `killed ${range(incident.killed)} · ${incident.grade || "ungraded"}`));
}

function clusterIcon(cluster) {
  const markers = cluster.getAllChildMarkers();
  const killed = markers.reduce((sum, m) => sum + (m.options.killed || 0), 0);
  const size = Math.round(Math.min(58, 26 + 1.6 * Math.sqrt(killed)));
  const label = el("span", { class: "cluster-count" }, String(markers.length));
  const body = el("div", { title: `${markers.length} incidents, at least ${killed} killed` }, label);
  return L.divIcon({ html: body, className: "hw-cluster", iconSize: L.point(size, size) });
}

export class IncidentMap {
  constructor(container, { tileUrl, onOpen }) {
    this.onOpen = onOpen;
    this.map = L.map(container, { worldCopyJump: true, minZoom: 2, maxZoom: 18 }).setView([30, 30], 3);
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 18, attribution: "map tiles" }).addTo(this.map);
    } else {
      this.basemap = new OfflineBasemap(this.map);
    }
    L.control.scale({ imperial: false, maxWidth: 140 }).addTo(this.map);
    legendControl({ ...COLOURS, ungraded: UNGRADED }, radiusFor).addTo(this.map);
    this.cluster = L.markerClusterGroup({
      iconCreateFunction: clusterIcon, showCoverageOnHover: false, maxClusterRadius: 40,
    });
    this.map.addLayer(this.cluster);
    this.fitted = false;
  }

  // fit: zoom to these incidents (the first time, and after the filters change)
  show(incidents, { fit = false } = {}) {
    this.cluster.clearLayers();
    const placed = incidents.filter((i) => i.lat !== null && i.lon !== null);
    const markers = placed.map((incident) => {
      const killed = incident.killed.min || 0;
      const marker = L.circleMarker([incident.lat, incident.lon], {
        radius: radiusFor(killed),
        color: "#3b0a0a",
        weight: 1,
        fillColor: COLOURS[incident.grade] || UNGRADED,
        fillOpacity: 0.75,
        className: `hw-marker hw-incident-${incident.id}`,
        killed,
      });
      marker.bindTooltip(tooltipFor(incident));
      marker.on("click", () => this.onOpen(incident.id));
      return marker;
    });
    this.cluster.addLayers(markers);
    if (placed.length && (fit || !this.fitted)) {
      const bounds = L.latLngBounds(placed.map((i) => [i.lat, i.lon]));
      this.map.fitBounds(bounds.pad(0.3), { maxZoom: 9 });
      this.fitted = true;
    }
    return placed.length;
  }

  bbox() {
    return this.map.getBounds().toBBoxString();
  }

  refresh() {
    this.map.invalidateSize();
  }
}
