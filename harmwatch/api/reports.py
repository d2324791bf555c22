"""Routes: a report's text with the offsets of the evidence extracted from it."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from harmwatch.api.present import report_public
from harmwatch.api.schemas import ReportPublic
from harmwatch.api.security import Principal, get_db, require_reader
from harmwatch.store import queries

router = APIRouter(prefix="/api/reports", tags=["reports"])


@router.get("/{report_id}", response_model=ReportPublic)
def get_report(
    report_id: str,
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> ReportPublic:
    """The report as stored, plain text, and its evidence spans as ``[start, end)`` offsets."""
    return report_public(queries.get_report(db, report_id))
