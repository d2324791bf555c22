"""What the API reads and writes, in the FastAPI template's style: one model per use.

``IncidentPublic`` (a row of a list), ``IncidentsPublic`` (a page), ``IncidentDetail`` (the whole
record with its evidence), ``IncidentUpdate`` (an analyst's correction).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from harmwatch.api.validation import Day, Id, Text
from harmwatch.models import EventType, PlacePrecision
from harmwatch.store.filters import MAX_INT

Grade = Literal["Confirmed", "Fair", "Weak", "Contested", "Discounted"]
ReviewStatus = Literal["unreviewed", "in_review", "verified", "rejected"]
RoleName = Literal["viewer", "analyst", "admin"]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]


def _dates_in_order(date: dt.date | None, date_end: dt.date | None) -> None:
    if date is not None and date_end is not None and date_end < date:
        raise ValueError(f"date_end ({date_end}) is before date ({date}): correct both")


class RangePublic(BaseModel):
    min: int | None = None
    max: int | None = None


class IncidentBase(BaseModel):
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None
    event_type: str
    place_name: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_precision: str | None = None
    killed: RangePublic
    injured: RangePublic
    children_killed: RangePublic
    women_killed: RangePublic
    grade: str | None = None
    grade_reason: str | None = None
    summary: str | None = None
    actors: list[str] = Field(default_factory=list, description="actor ids")
    actor_names: list[str] = Field(
        default_factory=list, description="the actors' names, in the order of `actors`"
    )
    country_name: str | None = Field(None, description="the name of `country`")
    range_text: dict[str, str] = Field(
        default_factory=dict,
        description='each range as written everywhere (harmwatch.ranges): "21", "10-15", "21+", '
        '"up to 35"; "" if unknown',
    )


class IncidentPublic(IncidentBase):
    id: int
    review_status: str = Field(description="unreviewed | in_review | verified | rejected")
    assignee: str | None = Field(default=None, description="the analyst reviewing it")
    version: int = Field(
        default=1,
        description="send it back with a change (or If-Match): a "
        "change made on an older version is refused with 409",
    )
    report_ids: list[str] = Field(description="the reports that tell this incident")
    source_count: int
    edited_fields: list[str] = Field(description="fields an analyst corrected")


class IncidentsPublic(BaseModel):
    data: list[IncidentPublic]
    total: int = Field(description="incidents matching the filters, over all pages")
    limit: int
    offset: int


class IncidentUpdate(BaseModel):
    """An analyst's correction: only the fields given are changed."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    date: Day | None = None
    date_end: Day | None = None
    date_precision: Literal["day", "week", "month", "year"] | None = None
    event_type: EventType | None = None
    place_name: Text | None = Field(default=None, max_length=300)
    admin1: Text | None = Field(default=None, max_length=200)
    country: Text | None = Field(default=None, max_length=4)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    killed_min: Count | None = None
    killed_max: Count | None = None
    injured_min: Count | None = None
    injured_max: Count | None = None
    children_killed_min: Count | None = None
    children_killed_max: Count | None = None
    women_killed_min: Count | None = None
    women_killed_max: Count | None = None
    grade: Grade | None = None
    grade_reason: Text | None = Field(default=None, max_length=2000)
    summary: Text | None = Field(default=None, max_length=5000)
    place_precision: PlacePrecision | None = None
    gazetteer_id: str | None = Field(
        default=None,
        max_length=200,
        description="the gazetteer entry picked for place_name (GET /api/places?q=); without "
        "lat/lon, place_name alone is looked up in the gazetteer",
    )
    perpetrators: list[Annotated[str, Field(max_length=200)]] | None = Field(
        default=None, max_length=50, description="actor names ([] clears)"
    )
    claims: list[Annotated[str, Field(max_length=200)]] | None = Field(default=None, max_length=50)
    denials: list[Annotated[str, Field(max_length=200)]] | None = Field(default=None, max_length=50)
    targets: list[Annotated[str, Field(max_length=100)]] | None = Field(default=None, max_length=50)
    note: Text | None = Field(default=None, max_length=2000, description="why (kept in the audit)")
    version: Id | None = Field(default=None, description="the version the correction was made on")

    @model_validator(mode="after")
    def _in_order(self) -> IncidentUpdate:
        _dates_in_order(self.date, self.date_end)
        return self


class PointPublic(BaseModel):
    """What a map marker needs, for many incidents at once."""

    id: int
    lat: float
    lon: float
    date: dt.date | None = None
    place_name: str | None = None
    event_type: str
    killed: RangePublic
    grade: str | None = None


class EvidencePublic(BaseModel):
    """Where a value comes from: offsets into the report and the sentence around them."""

    report_id: str
    start: int
    end: int
    sentence: str
    sentence_start: int = Field(description="offset of the sentence in the report text")


class FigureRejectionPublic(BaseModel):
    by: str
    reason: str
    at: str | None = None


class FigurePublic(BaseModel):
    kind: str
    value: int
    value_max: int | None = None
    qualifier: str
    group: str
    reported_by: str | None = Field(default=None, description="the source the report cites")
    source_id: str | None = Field(default=None, description="its sources-registry id")
    outlet: str | None = Field(default=None, description="the outlet that published the report")
    revision: bool = False
    evidence: EvidencePublic | None = None
    mention_id: int | None = Field(default=None, description="with index: names the figure")
    index: int | None = None
    rejected: FigureRejectionPublic | None = Field(
        default=None, description="set when an analyst took the figure out of the ranges"
    )


class StatementPublic(BaseModel):
    """An attribution, a claim or a denial of responsibility, as one report tells it."""

    actor: str
    actor_id: str
    status: str | None = Field(default=None, description="stated | alleged | claimed")
    by: str | None = Field(default=None, description="who alleges it")
    report_id: str
    outlet: str | None = None
    evidence: EvidencePublic | None = None


class SourcePublic(BaseModel):
    mention_id: int
    report_id: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    event_type: str
    date: dt.date | None = None
    place_name: str | None = None
    killed: RangePublic
    injured: RangePublic
    figures: list[FigurePublic]
    targets: list[str]
    evidence: list[EvidencePublic]


class MergeEventPublic(BaseModel):
    id: int
    at: dt.datetime | None = None
    kind: str
    incident_id: int
    other_incident_id: int | None = None
    mention_ids: list[int]
    automatic: bool
    score: float | None = None
    reason: str
    user: str | None = None
    undone: bool
    undo_problem: str | None = Field(
        default=None, description="why it cannot be undone (None: it can)"
    )


class AuditEntryPublic(BaseModel):
    id: int
    at: dt.datetime | None = None
    user: str
    action: str
    before: dict[str, object] | None = None
    after: dict[str, object] | None = None
    note: str | None = None
    version: int | None = None


class IncidentDetail(IncidentPublic):
    overrides: dict[str, object]
    merged_into_id: int | None = None
    sources: list[SourcePublic]
    independent_sources: list[str] = Field(
        default_factory=list,
        description="the primary sources the reports cite, each once "
        "(an outlet quoting SOHR counts as SOHR; wire copies once)",
    )
    perpetrators: list[StatementPublic]
    claims: list[StatementPublic]
    denials: list[StatementPublic]
    targets: list[str]
    merge_history: list[MergeEventPublic]
    audit: list[AuditEntryPublic]


class SpanPublic(BaseModel):
    start: int
    end: int
    kind: str = Field(description="figure | date | place | perpetrator | claim | denial | incident")
    label: str
    mention_id: int
    incident_id: int | None = None


class ReportPublic(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    text: str
    spans: list[SpanPublic] = Field(description="evidence spans, offsets into text")
    incident_ids: list[int]


class DayStatPublic(BaseModel):
    day: dt.date
    incidents: int
    killed: int


class GroupStatPublic(BaseModel):
    key: str
    incidents: int
    killed: int


class StatsPublic(BaseModel):
    incidents: int
    killed: int = Field(description="sum of the lower bound of each incident's killed range")
    by_day: list[DayStatPublic]
    by_place: list[GroupStatPublic]
    by_actor: list[GroupStatPublic]
    by_grade: list[GroupStatPublic]
    by_event_type: list[GroupStatPublic]


class AnnotationBase(BaseModel):
    date: dt.date
    date_end: dt.date | None = None
    label: str


class AnnotationCreate(AnnotationBase):
    model_config = ConfigDict(extra="forbid")

    date: Day
    date_end: Day | None = None
    label: Text = Field(min_length=1, max_length=300)

    @model_validator(mode="after")
    def _in_order(self) -> AnnotationCreate:
        _dates_in_order(self.date, self.date_end)
        return self


class AnnotationPublic(AnnotationBase):
    id: int
    user: str | None = None


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    other_id: Id = Field(description="the incident to fold into this one")
    note: Text | None = Field(default=None, max_length=2000)
    version: Id | None = Field(
        default=None, description="this incident's version as you saw it (changed since: 409)"
    )
    other_version: Id | None = Field(
        default=None, description="the other incident's version as you saw it (changed: 409)"
    )


class SplitRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report_id: Text = Field(
        max_length=2000, description="the report whose mentions move to a new incident"
    )
    note: Text | None = Field(default=None, max_length=2000)
    version: Id | None = Field(
        default=None, description="the incident's version as you saw it (changed since: 409)"
    )


class UndoRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    log_id: Id = Field(description="the merge log entry to reverse (see merge_history)")
    version: Id | None = Field(
        default=None, description="the incident's version as you saw it (changed since: 409)"
    )


class FigureReview(BaseModel):
    """Reject (or restore) one figure: ``mention_id`` and ``index`` as the incident lists it."""

    model_config = ConfigDict(extra="forbid")

    mention_id: Id
    index: int = Field(ge=0, le=MAX_INT)
    reason: Text = Field(default="", max_length=2000, description="why (kept in the audit)")
    version: Id | None = None


class StatusRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: ReviewStatus
    note: Text | None = Field(default=None, max_length=2000)
    version: Id | None = None


class AssignRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee: Text | None = Field(max_length=100, description="a user name; null: nobody")
    version: Id | None = None


class CommentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Text = Field(min_length=1, max_length=5000)


class KeepApartRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    other_id: Id = Field(description="the incident that is another event")
    note: Text | None = Field(default=None, max_length=2000)


class DuplicatePairPublic(BaseModel):
    """Two incidents that may be one, as the resolver scores them."""

    a: IncidentPublic
    b: IncidentPublic
    score: float
    resolver_would_merge: bool = Field(description="what the resolver decides for this pair now")
    reasons: list[str]
    km: float | None = Field(default=None, description="distance between their places")
    days: int | None = Field(default=None, description="days between their dates")


class PlacePublic(BaseModel):
    """A gazetteer entry an analyst may pick as an incident's place."""

    gazetteer_id: str
    name: str
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text = Field(min_length=1, max_length=100)
    password: Text = Field(min_length=1, max_length=1000)


class UserPublic(BaseModel):
    name: str
    role: RoleName


class SessionPublic(BaseModel):
    user: UserPublic | None = None
    csrf_token: str | None = Field(
        default=None, description="send as the X-CSRF-Token header on writes made with the cookie"
    )
    anonymous_read: bool


class ConfigPublic(BaseModel):
    version: str
    tile_url: str = Field(description="map tiles; empty means draw country outlines only")
    anonymous_read: bool


class Message(BaseModel):
    message: str


class ViewFilters(BaseModel):
    """The filters of a saved view: the web app's address parameters."""

    model_config = ConfigDict(extra="forbid")

    since: Day | None = None
    until: Day | None = None
    place: Text | None = Field(default=None, max_length=200)
    actor: Text | None = Field(default=None, max_length=200)
    grade: Text | None = Field(default=None, max_length=200)
    event_type: Text | None = Field(default=None, max_length=200)
    review_status: Text | None = Field(default=None, max_length=200)
    min_killed: Count | None = None
    q: Text | None = Field(default=None, max_length=200)
    sort: Text | None = Field(default=None, max_length=40, description="e.g. -killed")

    @model_validator(mode="after")
    def _in_order(self) -> ViewFilters:
        if self.since and self.until and self.since > self.until:
            raise ValueError(
                f"the from-date {self.since} is after the to-date {self.until}: swap them or "
                "clear one"
            )
        return self


class SavedViewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text = Field(
        min_length=1, max_length=80, description="yours: saving it again replaces it"
    )
    filters: ViewFilters = Field(default_factory=ViewFilters)


class SavedViewPublic(BaseModel):
    id: int
    name: str
    owner: str
    filters: dict[str, str | int]
    query: str = Field(description="the filters as the web app's address parameters")
    url: str = Field(description="the shareable address of the view in the web app")
    created_at: dt.datetime
    updated_at: dt.datetime
