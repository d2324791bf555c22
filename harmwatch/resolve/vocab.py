"""The resolver's vocabularies: those the store's exports share (actor labels and sides, event
families and their ACLED types) are in `harmwatch.vocab`; the words of means of attack, harm
and placing are the pipeline's (`pipeline.cues`)."""

from __future__ import annotations

from harmwatch.vocab import (  # noqa: F401  (re-exported: the resolver reads them from here)
    acled_types,
    actor_labels,
    actor_sides,
    event_families,
    event_phrases,
    label,
    remote_families,
    side,
)
