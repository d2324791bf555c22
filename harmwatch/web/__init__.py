"""The web app: static files served by `harmwatch.api.app` at / (no build step).

static/index.html   the page; static/app.css; static/js/*.js ES modules:
    app.js (routing, filters, overview), api.js (fetch + CSRF), map.js (Leaflet, clusters),
    timeline.js (SVG), table.js, incident.js (record, evidence, review tools), report.js (a
    report with its evidence marked), dom.js (text-only DOM building, offset highlighting)
static/vendor/      Leaflet, Leaflet.markercluster, country outlines (see its README.md)
"""
