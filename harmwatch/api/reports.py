"""Routes: a report's text with the offsets of the evidence extracted from it."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from harmwatch.api.present import report_public
from harmwatch.api.schemas import ReportPublic
from harmwatch.api.security import Principal, get_db, require_reader
from harmwatch.store import queries
from harmwatch.store.filters import check_text

router = APIRouter(prefix="/api/reports", tags=["reports"])


@router.get("/{report_id:path}", response_model=ReportPublic)
def get_report(
    report_id: str,
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> ReportPublic:
    """The report as stored, plain text, and its evidence spans as ``[start, end)`` offsets.
    The id is the rest of the path, slashes included (an RSS item's GUID is often its URL);
    encode it as a URI component (``%2F``, ``%3F``, ``%23``)."""
    check_text(report_id, "report id")
    return report_public(queries.get_report(db, report_id))
