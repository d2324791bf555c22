"""The thinc operations the spaCy model is loaded with (`model_ops`)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
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
    if get_settings().model_blas != "numpy":
        return nullcontext()
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")  # for the process: nothing else uses BLAS
    return use_ops("numpy", use_blis=False)
