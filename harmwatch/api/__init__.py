"""The REST API (FastAPI) and the web app it serves: `create_app(db_url, settings)`.

Routes, one module per noun (OpenAPI at /docs):

    GET    /api/incidents              filters, sort, pages (incidents.py)
    GET    /api/incidents/map          every located incident, marker fields only
    GET    /api/incidents/{id}         the record: sources, figures + sentences, claims, denials,
                                       grade, merge history, audit trail
    PATCH  /api/incidents/{id}         analyst corrections (audited)
    POST   /api/incidents/{id}/confirm | /merge | /split | /undo
    GET    /api/reports/{id}           text + evidence spans as offsets (reports.py); the id
                                       may hold slashes (an RSS GUID that is a URL)
    GET    /api/stats                  by day, place, actor, grade, event type (stats.py)
    GET    /api/annotations, POST, DELETE /api/annotations/{id}   timeline notes
    GET    /api/export.csv | .geojson | .json                      same filters (export.py)
    POST   /api/login, /api/logout; GET /api/me, /api/config       (auth.py)

    GET    /docs                       Swagger UI from the package, no CDN (docs.py)

Who may do what is in security.py; rows become public models in present.py; out-of-range input
is refused with a 422 naming the parameter (validation.py, and the ranges in store/filters.py).
"""
