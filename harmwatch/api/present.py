"""Rows to public models: an incident with every source's figures and the sentences behind them.

Each mention's ``payload`` is the extracted `harmwatch.models.Incident` of one report, whose
values carry character offsets into that report; here they become `EvidencePublic` with the
sentence around them, so the app can show and highlight what each value rests on.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError
from sqlalchemy.orm import Session

from harmwatch.api.schemas import (
    AuditEntryPublic,
    EvidencePublic,
    FigurePublic,
    FigureRejectionPublic,
    IncidentDetail,
    IncidentPublic,
    MergeEventPublic,
    RangePublic,
    ReportPublic,
    SourcePublic,
    SpanPublic,
    StatementPublic,
)
from harmwatch.errors import StoreError
from harmwatch.models import Incident, Span
from harmwatch.ranges import format_range
from harmwatch.resolve.merge import undo_problem
from harmwatch.resolve.vocab import label
from harmwatch.store import queries
from harmwatch.store.export_columns import country_name
from harmwatch.store.records import load_record
from harmwatch.store.schema import IncidentRow, MentionRow, ReportRow


def _range(row: object, name: str) -> RangePublic:
    return RangePublic(min=getattr(row, f"{name}_min"), max=getattr(row, f"{name}_max"))


def range_text(row: object) -> dict[str, str]:
    names = ("killed", "injured", "children_killed", "women_killed")
    return {n: format_range(getattr(row, f"{n}_min"), getattr(row, f"{n}_max")) for n in names}


def incident_public(row: IncidentRow, report_ids: list[str] | None = None) -> IncidentPublic:
    """One incident of a list; pass ``report_ids`` (from `queries.report_ids_for`) to avoid
    loading its mentions."""
    if report_ids is None:
        report_ids = sorted({m.report_id for m in row.mentions})
    return IncidentPublic(
        id=row.id,
        date=row.date,
        date_end=row.date_end,
        date_precision=row.date_precision,
        event_type=row.event_type,
        place_name=row.place_name,
        admin1=row.admin1,
        country=row.country,
        lat=row.lat,
        lon=row.lon,
        place_precision=row.place_precision,
        killed=_range(row, "killed"),
        injured=_range(row, "injured"),
        children_killed=_range(row, "children_killed"),
        women_killed=_range(row, "women_killed"),
        grade=row.grade,
        grade_reason=row.grade_reason,
        summary=row.summary,
        actors=(row.actors or "").split(),
        actor_names=[label(a) for a in (row.actors or "").split()],
        range_text=range_text(row),
        country_name=country_name(row.country) if row.country else None,
        review_status=row.review_status,
        assignee=row.assignee,
        version=row.version or 1,
        report_ids=report_ids,
        source_count=len(report_ids),
        edited_fields=sorted(row.overrides or {}),
    )


def parse_payload(mention: MentionRow) -> Incident:
    """The mention's extracted incident. A payload that does not read as one (written by an
    older or broken extractor, or edited by hand) is a `StoreError` naming the mention and its
    report, never an empty incident shown as if the report said nothing."""
    try:
        return Incident.model_validate(mention.payload or {})
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "payload"
        raise StoreError(
            f"mention {mention.id} of report {mention.report_id!r} holds an extraction that "
            f"does not read ({where}: {first['msg']}); extract the report again with "
            "`harmwatch reextract`"
        ) from None


def evidence(report: ReportRow, span: Span | None) -> EvidencePublic | None:
    if span is None:
        return None
    start, end = span
    text = report.text
    if not (0 <= start <= end <= len(text)):
        return None
    left, right = queries.sentence_bounds(text, start, end)
    return EvidencePublic(
        report_id=report.id, start=start, end=end, sentence=text[left:right], sentence_start=left
    )


def _rejection(mention: MentionRow, index: int) -> FigureRejectionPublic | None:
    raw = (mention.payload or {}).get("figures") or []
    mark = raw[index].get("rejected") if index < len(raw) else None
    if not isinstance(mark, dict):
        return None
    return FigureRejectionPublic(
        by=str(mark.get("by") or "?"), reason=str(mark.get("reason") or ""), at=mark.get("at")
    )


def source_public(mention: MentionRow, extracted: Incident) -> SourcePublic:
    report = mention.report
    figures = [
        FigurePublic(
            kind=f.kind,
            value=f.value,
            value_max=f.value_max,
            qualifier=f.qualifier,
            group=f.group,
            reported_by=f.reported_by,
            source_id=f.source_id,
            outlet=report.source,
            revision=f.revision,
            evidence=evidence(report, f.evidence),
            mention_id=mention.id,
            index=i,
            rejected=_rejection(mention, i),
        )
        for i, f in enumerate(extracted.figures)
    ]
    spans = [evidence(report, span) for span in extracted.evidence]
    return SourcePublic(
        mention_id=mention.id,
        report_id=report.id,
        title=report.title,
        outlet=report.source,
        published=report.published,
        url=report.url,
        event_type=mention.event_type,
        date=mention.date,
        place_name=mention.place_name,
        killed=_range(mention, "killed"),
        injured=_range(mention, "injured"),
        figures=figures,
        targets=list(extracted.targets),
        evidence=[s for s in spans if s is not None],
    )


def _statements(
    mentions: Iterable[tuple[MentionRow, Incident]], kind: str
) -> list[StatementPublic]:
    out: list[StatementPublic] = []
    for mention, extracted in mentions:
        report = mention.report
        if kind == "perpetrators":
            for p in extracted.perpetrators:
                out.append(
                    StatementPublic(
                        actor=p.name,
                        actor_id=p.id,
                        status=p.status,
                        by=p.by,
                        report_id=report.id,
                        outlet=report.source,
                        evidence=evidence(report, p.evidence),
                    )
                )
        else:
            for s in extracted.claims if kind == "claims" else extracted.denials:
                out.append(
                    StatementPublic(
                        actor=s.actor,
                        actor_id=s.id,
                        report_id=report.id,
                        outlet=report.source,
                        evidence=evidence(report, s.evidence),
                    )
                )
    return out


def incident_detail(session: Session, row: IncidentRow) -> IncidentDetail:
    mentions = [(m, parse_payload(m)) for m in queries.mentions_of(session, row.id)]
    targets = sorted({t for _, extracted in mentions for t in extracted.targets})
    history = [
        MergeEventPublic(
            id=e.id,
            at=e.at,
            kind=e.kind,
            incident_id=e.incident_id,
            other_incident_id=e.other_incident_id,
            mention_ids=[int(i) for i in e.mention_ids or []],
            automatic=e.automatic,
            score=e.score,
            reason=e.reason or "",
            user=e.user,
            undone=e.undone,
            undo_problem=undo_problem(session, e),
        )
        for e in queries.merge_history(session, row.id)
    ]
    audit = [
        AuditEntryPublic(
            id=a.id,
            at=a.at,
            user=a.user,
            action=a.action,
            before=a.before,
            after=a.after,
            note=a.note,
            version=a.version,
        )
        for a in queries.audit_trail(session, "incident", row.id)
    ]
    public = incident_public(row)
    record = load_record(row)
    return IncidentDetail(
        **public.model_dump(),
        overrides=dict(row.overrides or {}),
        merged_into_id=row.merged_into_id,
        sources=[source_public(m, extracted) for m, extracted in mentions],
        independent_sources=[s.name for s in record.independent_sources] if record else [],
        perpetrators=_statements(mentions, "perpetrators"),
        claims=_statements(mentions, "claims"),
        denials=_statements(mentions, "denials"),
        targets=targets,
        merge_history=history,
        audit=audit,
    )


def _spans_of(mention: MentionRow, extracted: Incident) -> Iterable[SpanPublic]:
    def span(s: Span | None, kind: str, label: str) -> SpanPublic | None:
        if s is None:
            return None
        return SpanPublic(
            start=s[0],
            end=s[1],
            kind=kind,
            label=label,
            mention_id=mention.id,
            incident_id=mention.incident_id,
        )

    found: list[SpanPublic | None] = [
        span(s, "incident", extracted.event_type) for s in extracted.evidence
    ]
    for f in extracted.figures:
        label = f"{f.kind} {f.value}" + (f"-{f.value_max}" if f.value_max else "") + f" {f.group}"
        found.append(span(f.evidence, "figure", label))
    if extracted.date_evidence:
        found.append(span(extracted.date_evidence, "date", str(extracted.date or "")))
    if extracted.location:
        found.append(span(extracted.location.evidence, "place", extracted.location.name))
    found += [span(p.evidence, "perpetrator", p.name) for p in extracted.perpetrators]
    found += [span(c.evidence, "claim", c.actor) for c in extracted.claims]
    found += [span(d.evidence, "denial", d.actor) for d in extracted.denials]
    return (s for s in found if s is not None)


def report_public(report: ReportRow) -> ReportPublic:
    """The report's text and every evidence span its mentions point at (never marked up here:
    the app builds the highlighting from the offsets, so the text stays text)."""
    limit = len(report.text)
    spans = [
        s
        for mention in sorted(report.mentions, key=lambda m: m.ordinal)
        for s in _spans_of(mention, parse_payload(mention))
        if 0 <= s.start < s.end <= limit
    ]
    spans.sort(key=lambda s: (s.start, -s.end))
    incident_ids = sorted({m.incident_id for m in report.mentions if m.incident_id is not None})
    return ReportPublic(
        id=report.id,
        title=report.title,
        outlet=report.source,
        published=report.published,
        url=report.url,
        text=report.text,
        spans=spans,
        incident_ids=incident_ids,
    )
