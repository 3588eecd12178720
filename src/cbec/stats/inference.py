"""Inference with few clusters: wild cluster bootstrap p-values, and a fast engine for the
Monte Carlo study of the regression chapter.

For single regressions the book calls pyfixest's wild cluster bootstrap
(:func:`wild_bootstrap_pvalue`). pyfixest delegates to the ``wildboottest`` package, which
recompiles a numba kernel on every call (about 0.17 s), far too slow for hundreds of Monte
Carlo replications. :func:`FastBalancedTwfe` therefore implements the same estimator and the
same "fast and wild" restricted bootstrap (Roodman et al. 2019, WCR with CRV1 t-statistics)
in plain numpy for *balanced* panels; the tests prove it gives pyfixest's coefficients and
clustered standard errors, and wildboottest's p-value exactly under full enumeration.

Ties. A bootstrap p-value compares every bootstrap |t*| with the sample |t|. Some draws give
exactly the sample's |t| in exact arithmetic: a weight vector that is constant across
clusters, w = c·1, rescales the restricted sample by c, so t* = sign(c)·t. Computed through a
different sequence of floating-point operations, such a t* differs from t in the last bits,
and the sign of that difference depends on the CPU's vector instructions. So those draws are
detected exactly and set to sign(c)·t, every other comparison treats |t*| and |t| as tied when
they agree to :data:`TIE_RTOL`, and each test reports both ends of the p-value interval that
ties create: ``p_strict`` (ties do not count as "at least as extreme") and ``p_weak`` (they
do; the conservative value, used for decisions). With few clusters the draws are enumerated
instead of sampled (6^G Webb patterns, 2^G Rademacher patterns), so the p-value is exact.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from threadpoolctl import threadpool_limits

from cbec.stats.panel import TwfeResult

WEBB_VALUES = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
WEIGHT_VALUES = {"rademacher": np.array([-1.0, 1.0]), "webb": WEBB_VALUES}
# Relative tolerance within which a bootstrap |t*| counts as tied with the sample |t|: 10^10
# times machine epsilon, 50 times the largest rounding error measured for exact ties (2e-8, on
# the three-province Northeast design) and 10 times below the smallest genuine gap seen in the
# book's simulations (9.8e-6).
TIE_RTOL = 1e-6


def wild_bootstrap_pvalue(result: TwfeResult, param: str, reps: int = 9999, seed: int = 2024,
                          weights_type: str = "webb") -> float:
    """Wild cluster restricted bootstrap p-value (H0: coefficient of ``param`` = 0) from
    pyfixest, clustering as in the fitted model. Webb weights suit few clusters (with 6
    clusters, Rademacher weights allow only 2^6 = 64 distinct draws)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = result.fit.wildboottest(reps=reps, param=param, seed=seed,  # type: ignore[attr-defined]
                                      weights_type=weights_type)
    return float(out["Pr(>|t|)"])


def one_blas_thread() -> threadpool_limits:
    """Context manager running BLAS on one thread. The Monte Carlo and bootstrap multiply
    matrices of at most a few hundred rows, for which starting BLAS threads costs more than
    it saves (measured: 7x slower on a busy two-core machine); results are the same."""
    return threadpool_limits(limits=1, user_api="blas")


def bootstrap_weights(n_clusters: int, reps: int, rng: np.random.Generator,
                      weights_type: str = "webb") -> np.ndarray:
    """A ``n_clusters x B`` matrix of wild-bootstrap weights: all distinct weight patterns
    (full enumeration, B = 6^G for Webb, 2^G for Rademacher) when there are no more of them
    than ``reps``, else ``reps`` random draws (B = reps)."""
    if weights_type not in WEIGHT_VALUES:
        raise ValueError(f"unknown weights type {weights_type!r}")
    values = WEIGHT_VALUES[weights_type]
    if len(values) ** n_clusters <= reps:
        return np.array(list(itertools.product(values, repeat=n_clusters))).T
    return rng.choice(values, size=(n_clusters, reps))


def is_enumeration(weights: np.ndarray, weights_type: str = "webb") -> bool:
    """True when ``weights`` holds every distinct pattern once (full enumeration)."""
    n_clusters, draws = weights.shape
    return draws == len(WEIGHT_VALUES[weights_type]) ** n_clusters and \
        len({tuple(column) for column in weights.T}) == draws


@dataclass(frozen=True)
class WildBootstrapTest:
    """A wild bootstrap test of one coefficient, with its ties counted.

    ``exceed`` draws have |t*| above |t| beyond :data:`TIE_RTOL`, ``ties`` agree with |t| to
    within it. ``p_weak`` counts ties as at least as extreme (the conservative p-value, used
    for every decision in the book); ``p_strict`` does not. They differ only when there are
    ties, which with few clusters is the rule, not the exception.
    """

    t_stat: float
    t_boot: np.ndarray
    exceed: int
    ties: int
    enumerated: bool

    @property
    def draws(self) -> int:
        return len(self.t_boot)

    @property
    def p_strict(self) -> float:
        return self.exceed / self.draws

    @property
    def p_weak(self) -> float:
        return (self.exceed + self.ties) / self.draws


def count_exceedances(t_stat: float, t_boot: np.ndarray,
                      rtol: float = TIE_RTOL) -> tuple[int, int]:
    """Numbers of bootstrap |t*| above |t| and tied with it (relative tolerance ``rtol``)."""
    sample, boot = abs(t_stat), np.abs(t_boot)
    tied = np.abs(boot - sample) <= rtol * np.maximum(boot, sample)
    return int(np.sum((boot > sample) & ~tied)), int(np.sum(tied))


def two_way_demean(values: np.ndarray, entity: np.ndarray, time: np.ndarray) -> np.ndarray:
    """Remove entity and time means from each column of ``values`` (balanced panels only)."""
    values = np.asarray(values, dtype=float)
    flat = values.ndim == 1
    matrix = values[:, None] if flat else values
    n_entities, n_times = entity.max() + 1, time.max() + 1
    if n_entities * n_times != len(matrix) or \
            len(set(zip(entity.tolist(), time.tolist(), strict=True))) != len(matrix):
        raise ValueError("the panel must be balanced: one row per entity and period")
    entity_means = np.zeros((n_entities, matrix.shape[1]))
    time_means = np.zeros((n_times, matrix.shape[1]))
    np.add.at(entity_means, entity, matrix)
    np.add.at(time_means, time, matrix)
    entity_means /= n_times
    time_means /= n_entities
    demeaned = matrix - entity_means[entity] - time_means[time] + matrix.mean(axis=0)
    return demeaned[:, 0] if flat else demeaned


def entity_demean(values: np.ndarray, entity: np.ndarray) -> np.ndarray:
    """Subtract each entity's mean from ``values`` (rows) — the within transformation."""
    values = np.asarray(values, dtype=float)
    counts = np.bincount(entity).astype(float)
    if values.ndim == 1:
        return values - (np.bincount(entity, weights=values) / counts)[entity]
    means = np.stack([np.bincount(entity, weights=col) for col in values.T], axis=1)
    return values - (means / counts[:, None])[entity]


@dataclass(frozen=True)
class FastFit:
    """Coefficients, CRV1 standard errors and clustered p-values of one fast fit."""

    coef: np.ndarray
    se: np.ndarray
    t: np.ndarray
    p_value: np.ndarray


class FastBalancedTwfe:
    """Two-way fixed effects on a balanced panel with entity-clustered inference, prepared
    once for a fixed design so that many outcomes can be fitted quickly.

    The small-sample factor matches :func:`cbec.stats.panel.twfe` with the same ``k_fixef``:
    ``G/(G-1) x (N-1)/(N-K)`` with K = regressors + time dummies + 1 ("nonnested": the entity
    effects, nested in the clusters, are not counted; fixest's default) or K = regressors +
    entity dummies + time dummies - 1 ("full", as Stata's areg). ``param`` indices refer to
    the columns of ``regressors``.
    """

    def __init__(self, regressors: np.ndarray, entity: np.ndarray, time: np.ndarray,
                 k_fixef: str = "nonnested") -> None:
        entity, time = np.asarray(entity), np.asarray(time)
        two_way_demean(np.zeros(len(entity)), entity, time)  # balance check
        # Rows are put in (entity, time) order once, so each cluster is a contiguous block
        # and every per-cluster sum is a single array operation.
        self.order = np.lexsort((time, entity))
        self.g, self.t = int(entity.max() + 1), int(time.max() + 1)
        x = np.asarray(regressors, dtype=float)
        x = (x[:, None] if x.ndim == 1 else x)[self.order]
        self.k_regressors = x.shape[1]
        # Entity effects are nested in the clusters, so they are partialled out (within
        # transformation); time effects cut across clusters and enter as explicit dummies,
        # which keeps the bootstrap identical to one with every dummy in the model.
        time_dummies = np.tile(np.eye(self.t)[:, 1:], (self.g, 1))
        blocks = np.concatenate([x, time_dummies], axis=1).reshape(self.g, self.t, -1)
        self.blocks = blocks - blocks.mean(axis=1, keepdims=True)       # G x T x K
        self.x = self.blocks.reshape(self.g * self.t, -1)
        self.n, self.k = self.x.shape
        self.ssc = self.small_sample_factor(k_fixef)
        self.xtx_inv = np.linalg.inv(self.x.T @ self.x)
        self.xgxg = np.einsum("gtk,gtl->gkl", self.blocks, self.blocks)  # G x K x K

    def small_sample_factor(self, k_fixef: str) -> float:
        """G/(G-1) x (N-1)/(N-K) under the convention ``k_fixef`` (see the class doc)."""
        if k_fixef not in {"nonnested", "full"}:
            raise ValueError(f"k_fixef must be 'nonnested' or 'full', not {k_fixef!r}")
        k_total = self.k + (self.g if k_fixef == "full" else 1)
        return self.g / (self.g - 1) * (self.n - 1) / (self.n - k_total)

    def _within(self, outcome: np.ndarray) -> np.ndarray:
        """The outcome in (entity, time) order with entity means removed, as G x T."""
        y = np.asarray(outcome, dtype=float)[self.order].reshape(self.g, self.t)
        return y - y.mean(axis=1, keepdims=True)

    def _scores(self, y_blocks: np.ndarray, beta: np.ndarray) -> np.ndarray:
        """K x G matrix of cluster scores X_g'(y_g - X_g beta)."""
        residual = y_blocks - self.blocks @ beta
        return np.einsum("gtk,gt->kg", self.blocks, residual)

    def fit(self, outcome: np.ndarray, p_values: bool = True) -> FastFit:
        """OLS on the demeaned data with CRV1 standard errors and t(G-1) p-values (NaN when
        ``p_values`` is false, for callers that compute them in bulk)."""
        y_blocks = self._within(outcome)
        beta = self.xtx_inv @ np.einsum("gtk,gt->k", self.blocks, y_blocks)
        scores = self._scores(y_blocks, beta)
        vcov = self.ssc * self.xtx_inv @ (scores @ scores.T) @ self.xtx_inv
        keep = slice(0, self.k_regressors)  # drop the time dummies
        se = np.sqrt(np.diag(vcov))[keep]
        t = beta[keep] / se
        p = 2 * stats.t.sf(np.abs(t), self.g - 1) if p_values else np.full(len(t), np.nan)
        return FastFit(beta[keep], se, t, p)

    def wild_test(self, outcome: np.ndarray, param: int, weights: np.ndarray,
                  null_value: float = 0.0, weights_type: str = "webb") -> WildBootstrapTest:
        """Restricted wild cluster bootstrap test of H0: beta[param] = ``null_value``
        (``weights`` is G x B), with ties counted as described in the module docstring."""
        t_stat, t_boot = self.wild_tstats(outcome, param, weights, null_value)
        exceed, ties = count_exceedances(t_stat, t_boot)
        return WildBootstrapTest(t_stat, t_boot, exceed, ties,
                                 is_enumeration(weights, weights_type))

    def wild_pvalue(self, outcome: np.ndarray, param: int, weights: np.ndarray,
                    null_value: float = 0.0) -> float:
        """The conservative bootstrap p-value ``p_weak`` of :meth:`wild_test`."""
        return self.wild_test(outcome, param, weights, null_value).p_weak

    def wild_tstats(self, outcome: np.ndarray, param: int, weights: np.ndarray,
                    null_value: float = 0.0) -> tuple[float, np.ndarray]:
        """The sample t-statistic and the B bootstrap t-statistics of the restricted wild
        cluster bootstrap ("fast and wild" algorithm of Roodman et al. 2019); ``weights``
        rows follow the sorted entity codes 0..G-1. Draws with a constant weight c in every
        cluster rescale the sample by c, so their t* is set to sign(c)·t exactly."""
        if not 0 <= param < self.k_regressors:
            raise IndexError(f"param {param} is not one of the {self.k_regressors} regressors")
        y_blocks = self._within(outcome) - null_value * self.blocks[:, :, param]
        r = np.zeros(self.k)
        r[param] = 1.0
        xty_g = np.einsum("gtk,gt->kg", self.blocks, y_blocks)            # K x G
        beta_hat = self.xtx_inv @ xty_g.sum(axis=1)
        a = 1.0 / (r @ self.xtx_inv @ r)
        beta_tilde = beta_hat - self.xtx_inv @ r * a * (r @ beta_hat)
        scores = xty_g - np.einsum("gij,j->ig", self.xgxg, beta_tilde)
        rxx = r @ self.xtx_inv
        cg = rxx @ scores                                   # G
        h = (self.xgxg @ rxx) @ (self.xtx_inv @ scores)     # G x G, h[g, h'] as in wildboottest
        numer = cg @ weights                                # B
        z = cg[:, None] * weights - h @ weights             # G x B
        t_boot = numer / np.sqrt(self.ssc * np.sum(z ** 2, axis=0))
        scores_hat = self._scores(y_blocks, beta_hat)
        se = np.sqrt(self.ssc * rxx @ (scores_hat @ scores_hat.T) @ rxx)
        t_stat = float((r @ beta_hat) / se)
        constant = np.all(weights == weights[:1], axis=0)
        t_boot[constant] = np.sign(weights[0, constant]) * t_stat
        return t_stat, t_boot


def panel_codes(data: pd.DataFrame, entity: str = "province_en",
                time: str = "year") -> tuple[np.ndarray, np.ndarray]:
    """Integer codes 0..G-1 and 0..T-1 for entity and time (sorted)."""
    return (pd.factorize(data[entity], sort=True)[0], pd.factorize(data[time], sort=True)[0])


@dataclass(frozen=True)
class ManyWildTests:
    """Wild bootstrap tests of S samples: coefficient and SE (S), and per null value (rows)
    the sample t, the draws beyond it and the ties (null x S); ``t_boot`` only on request."""

    coef: np.ndarray
    se: np.ndarray
    t_stat: np.ndarray
    exceed: np.ndarray
    ties: np.ndarray
    draws: int
    t_boot: list[np.ndarray]

    def p_weak(self) -> np.ndarray:
        """Ties counted as at least as extreme (null x S)."""
        return (self.exceed + self.ties) / self.draws


@dataclass(frozen=True)
class ManyFits:
    """Coefficient, CRV1 standard error and t of one regressor, for B candidate columns."""

    coef: np.ndarray
    se: np.ndarray
    t: np.ndarray


class PartialledTwfe:
    """Two-way fixed effects in which one regressor takes many candidate values while the
    controls stay fixed (randomization inference, specification checks).

    By the Frisch–Waugh–Lovell theorem the coefficient of x in the full model is the slope of
    the residualised outcome on the residualised x, and its CRV1 variance is
    ``ssc x sum_g (sum_t x~ e)^2 / (x~'x~)^2`` with the full model's residuals, so the controls
    and both sets of effects are partialled out once and every candidate costs a few vector
    operations. The small-sample factor is that of :class:`FastBalancedTwfe` (a test checks
    both against pyfixest).
    """

    def __init__(self, controls: np.ndarray, entity: np.ndarray, time: np.ndarray,
                 k_fixef: str = "nonnested") -> None:
        entity, time = np.asarray(entity), np.asarray(time)
        two_way_demean(np.zeros(len(entity)), entity, time)  # balance check
        self.order = np.lexsort((time, entity))
        self.g, self.t = int(entity.max() + 1), int(time.max() + 1)
        controls = np.asarray(controls, dtype=float)
        controls = (controls[:, None] if controls.ndim == 1 else controls)[self.order]
        time_dummies = np.tile(np.eye(self.t)[:, 1:], (self.g, 1))
        z = np.concatenate([controls, time_dummies], axis=1).reshape(self.g, self.t, -1)
        z = (z - z.mean(axis=1, keepdims=True)).reshape(self.g * self.t, -1)
        self._q, _ = np.linalg.qr(z)
        self._q_blocks = self._q.reshape(self.g, self.t, -1)  # G x T x K
        self._k = 1 + z.shape[1]                              # candidate + controls + years
        self.ssc = self.small_sample_factor(k_fixef)

    def small_sample_factor(self, k_fixef: str) -> float:
        """G/(G-1) x (N-1)/(N-K) under ``k_fixef`` (as :class:`FastBalancedTwfe`)."""
        if k_fixef not in {"nonnested", "full"}:
            raise ValueError(f"k_fixef must be 'nonnested' or 'full', not {k_fixef!r}")
        n = self.g * self.t
        k_total = self._k + (self.g if k_fixef == "full" else 1)
        return self.g / (self.g - 1) * (n - 1) / (n - k_total)

    def _residualise(self, values: np.ndarray) -> np.ndarray:
        """Columns in (entity, time) order, entity means and then the controls removed."""
        ordered = values[self.order].reshape(self.g, self.t, -1)
        within = (ordered - ordered.mean(axis=1, keepdims=True)).reshape(self.g * self.t, -1)
        return within - self._q @ (self._q.T @ within)

    def fit_many(self, candidates: np.ndarray, outcome: np.ndarray) -> ManyFits:
        """Fit the model once per column of ``candidates`` (N x B, rows as given)."""
        x = self._residualise(np.asarray(candidates, dtype=float).reshape(len(outcome), -1))
        y = self._residualise(np.asarray(outcome, dtype=float)[:, None])
        xx = np.sum(x * x, axis=0)
        coef = np.sum(x * y, axis=0) / xx
        residuals = y - x * coef
        scores = np.sum((x * residuals).reshape(self.g, self.t, -1), axis=1)   # G x B
        se = np.sqrt(self.ssc * np.sum(scores ** 2, axis=0)) / xx
        return ManyFits(coef, se, coef / se)

    def wild_tests(self, candidate: np.ndarray, outcome: np.ndarray, weights: np.ndarray,
                   nulls: Sequence[float], weights_type: str = "webb"
                   ) -> tuple[float, float, list[WildBootstrapTest]]:
        """Coefficient and CRV1 standard error of ``candidate``, and one restricted wild
        cluster bootstrap test per null value in ``nulls`` (``weights`` is G x B): the same
        test as :meth:`FastBalancedTwfe.wild_test` (a test checks it draw for draw)."""
        many = self.wild_tests_many(np.asarray(candidate, float).reshape(-1, 1),
                                    np.asarray(outcome, float).reshape(-1, 1), weights, nulls,
                                    keep_draws=True)
        enumerated = is_enumeration(weights, weights_type)
        tests = [WildBootstrapTest(float(many.t_stat[j, 0]), many.t_boot[j][0],
                                   int(many.exceed[j, 0]), int(many.ties[j, 0]), enumerated)
                 for j in range(len(nulls))]
        return float(many.coef[0]), float(many.se[0]), tests

    def wild_tests_many(self, candidates: np.ndarray, outcomes: np.ndarray,
                        weights: np.ndarray, nulls: Sequence[float], chunk: int = 100,
                        keep_draws: bool = False) -> ManyWildTests:
        """:meth:`wild_tests` for S samples at once (``candidates`` and ``outcomes`` N x S).

        On the partialled-out data (x~, y~ residualised on the controls and both sets of
        effects) with restricted residuals u~ = y~ - b0 x~ and c_g = x~_g'u~_g, the
        bootstrap numerator is c'w and the cluster scores are A w - (c'w / x~'x~) d, with
        A_gh = [g = h] c_g - (Q_g'x~_g)'(Q_h'u~_h) and d_g = x~_g'x~_g. Draws whose weight is
        the same constant c in every cluster get t* = sign(c) t exactly, and ties are
        counted with :data:`TIE_RTOL` as in :func:`count_exceedances`.
        """
        x = self._residualise(np.asarray(candidates, dtype=float)).reshape(self.g, self.t, -1)
        y = self._residualise(np.asarray(outcomes, dtype=float)).reshape(self.g, self.t, -1)
        n_samples = x.shape[2]
        xx = np.sum(x * x, axis=(0, 1))                                     # S
        coef = np.sum(x * y, axis=(0, 1)) / xx
        scores = np.sum(x * (y - coef * x), axis=1)                         # G x S
        se = np.sqrt(self.ssc * np.sum(scores ** 2, axis=0)) / xx
        p_x = np.einsum("gtk,gts->sgk", self._q_blocks, x)                 # S x G x K
        d = np.sum(x * x, axis=1).T                                         # S x G
        constant = np.all(weights == weights[:1], axis=0)
        signs = np.sign(weights[0, constant])
        shape = (len(nulls), n_samples)
        t_stat, exceed, ties = np.empty(shape), np.empty(shape, int), np.empty(shape, int)
        draws: list[list[np.ndarray]] = [[] for _ in nulls]
        for j, null in enumerate(nulls):
            u = y - null * x
            c = np.sum(x * u, axis=1).T                                     # S x G
            r_u = np.einsum("gtk,gts->sgk", self._q_blocks, u)             # S x G x K
            t_stat[j] = (coef - null) / se
            for lo in range(0, n_samples, chunk):
                part = slice(lo, min(lo + chunk, n_samples))
                a = -p_x[part] @ r_u[part].transpose(0, 2, 1)               # s x G x G
                a[:, np.arange(self.g), np.arange(self.g)] += c[part]
                numer = c[part] @ weights                                   # s x B
                boot = a @ weights - d[part][:, :, None] * (numer / xx[part, None])[:, None]
                t_boot = numer / np.sqrt(self.ssc * np.sum(boot ** 2, axis=1))
                t_boot[:, constant] = signs * t_stat[j, part, None]
                sample, absolute = np.abs(t_stat[j, part])[:, None], np.abs(t_boot)
                tied = np.abs(absolute - sample) <= TIE_RTOL * np.maximum(absolute, sample)
                exceed[j, part] = np.sum((absolute > sample) & ~tied, axis=1)
                ties[j, part] = np.sum(tied, axis=1)
                if keep_draws:
                    draws[j].append(t_boot)
        t_boot_kept = [np.concatenate(d_, axis=0) for d_ in draws] if keep_draws else []
        return ManyWildTests(coef, se, t_stat, exceed, ties, weights.shape[1], t_boot_kept)
