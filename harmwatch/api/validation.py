"""Refusals of bad input: the 422 answer for what FastAPI's validation refuses, and the text type
every string the API takes is checked with.

FastAPI's own 422 handler echoes each refused input. A NaN or an infinity in a JSON body (which
Python's JSON reader takes) or a lone surrogate cannot be written as JSON, so the refusal itself
failed with a 500. Here the echo is made writable (and cut short) first.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from annotated_types import Interval
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import AfterValidator

from harmwatch.store.filters import FIRST_DAY, LAST_DAY, MAX_INT, text_problem

ECHO = 200  # characters of a refused input repeated in the answer


def _no_bad_characters(text: str) -> str:
    if problem := text_problem(text):
        raise ValueError(f"text {problem}: remove it and try again")
    return text


Text = Annotated[str, AfterValidator(_no_bad_characters)]
"""A string a database can store (no NUL, no lone surrogate)."""
Day = Annotated[dt.date, Interval(ge=FIRST_DAY, le=LAST_DAY)]
Id = Annotated[int, Interval(ge=1, le=MAX_INT)]


def writable(value: Any) -> Any:
    """``value`` (from `jsonable_encoder`) with every float finite and every string UTF-8."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        cut = value if len(value) <= ECHO else value[:ECHO] + "..."
        return cut.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {writable(k): writable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [writable(v) for v in value]
    return value


async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422 answer (``{"detail": [{"loc", "msg", "type", "input"}, ...]}``), writable."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else [str(exc)]
    return JSONResponse({"detail": writable(jsonable_encoder(errors))}, status_code=422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)
