"""The thinc operations the spaCy model is loaded with (`model_ops`), and how the memory of its
arrays is kept (`keep_freed_memory`)."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from contextlib import AbstractContextManager, nullcontext
from functools import cache
from typing import Any

from thinc.api import use_ops

from harmwatch.settings import get_settings


def model_ops() -> AbstractContextManager[Any]:
    """The thinc operations the model's layers are built with (they keep them): with the
    ``model_blas`` setting "numpy" (the default), its matrix products go to numpy's BLAS on one
    thread, else to the BLIS that spaCy ships. The products of the NER, tok2vec and parser are
    half of extraction's time, and cython-blis falls back to plain C kernels on CPUs it does not
    know (as on the AMD EPYC of bench/results.md: 3 times slower than numpy's OpenBLAS there).
    One thread: the products are small (a batch of tokens by 96 or 64 columns), where OpenBLAS's
    threads spin more than they compute, and harmwatch runs work in parallel by processes."""
    keep_freed_memory()
    if get_settings().model_blas != "numpy":
        return nullcontext()
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")  # for the process: nothing else uses BLAS
    return use_ops("numpy", use_blis=False)


# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 32 << 20  # arrays up to this size come from the heap (glibc's own maximum)
TRIM_THRESHOLD = 128 << 20  # free memory at the heap's top kept up to this size


@cache
def keep_freed_memory() -> bool:
    """Tell glibc's malloc to keep the memory of freed arrays for the next ones (once a
    process; whether it could). The model's layers make arrays of a few MB for every group of
    texts (tok2vec, the NER's hidden layer); by default glibc maps the larger of them afresh
    and gives the heap's free top back to the system, so every batch faults its pages in
    again: 354,000 page faults and 1.1 s of system time over 300 FA-KES reports, 90,000 and
    0.4 s with these two thresholds (peak memory 385 MB -> 402 MB). Elsewhere than glibc
    nothing changes."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(
        mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
