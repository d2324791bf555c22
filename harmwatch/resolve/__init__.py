"""Resolution: mentions -> incidents, with reconciled ranges, grades, summaries and a merge log.

add_extraction(session, extraction)   store a report's mentions, attach each to an incident
merge / split / undo                  manual corrections (harmwatch.resolve.merge)
"""

from harmwatch.resolve.attach import add_extraction

__all__ = ["add_extraction"]
