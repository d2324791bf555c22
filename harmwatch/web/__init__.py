"""The web app: static files served by `harmwatch.api.app` at / (no build step).

static/index.html   the page; static/app.css; static/js/*.js ES modules:
    app.js (routing, filters in the address, overview), api.js (fetch + CSRF), map.js (Leaflet,
    clusters, legend, scale), basemap.js (offline outlines and gazetteer labels),
    timeline.js (SVG: bins by day/week/month, brush, zoom), table.js, views.js (the view's link,
    saved views), incident.js (record, evidence, review tools), minimap.js (the incident's place
    and its precision), report.js (a report with its evidence marked), dom.js (text-only DOM
    building, offset highlighting)
static/vendor/      Leaflet, Leaflet.markercluster, country outlines (see its README.md)
"""
