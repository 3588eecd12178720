"""What another CPU's floating-point path could do to the book's inputs, imitated without
switching the BLAS kernel: every float moved by a relative 1e-12, or the rows reordered."""

from __future__ import annotations

import numpy as np
import pandas as pd

RELATIVE_PERTURBATION = 1e-12


def perturbed(frame: pd.DataFrame, seed: int = 12) -> pd.DataFrame:
    """Every float column multiplied by 1 ± 1e-12 (random sign per cell)."""
    out = frame.copy()
    rng = np.random.default_rng(seed)
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            values = out[column].to_numpy(float)
            signs = rng.choice([-1.0, 1.0], size=len(values))
            out[column] = values * (1 + RELATIVE_PERTURBATION * signs)
    return out


def reordered(frame: pd.DataFrame, seed: int = 21) -> pd.DataFrame:
    """The same rows in another order (a fresh 0..n-1 index, as a loaded table has)."""
    return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
