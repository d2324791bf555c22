"""Route: the interactive API documentation at /docs (Swagger UI), served from the package.

FastAPI's own /docs page loads Swagger UI from a CDN and starts it with an inline script, so it
breaks offline and needs a looser Content-Security-Policy. This page loads the copy of
swagger-ui-dist in ``web/static/vendor/swagger-ui`` and starts it from ``js/docs.js``, under the
same policy as the web app. The OpenAPI document itself stays at /openapi.json.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

PAGE = Path(__file__).resolve().parent.parent / "web" / "static" / "docs.html"

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=FileResponse)
def docs() -> FileResponse:
    return FileResponse(PAGE, headers={"Cache-Control": "no-cache"})
