"""Payment fees of Gu's (2018) Table 3.2: the printed components of each payment tool, the fee
and net receipt for any order size, the check of the printed 300-dollar example, the
printed savings and the order sizes at which two tools cost the same (all derived)."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from cbec.charts.tables import display_frame

FEE_COLUMNS: tuple[str, ...] = (
    "login_fee_usd_min", "login_fee_usd_max", "transaction_fee_pct_min",
    "transaction_fee_pct_max", "payment_fee_pct_min", "payment_fee_pct_max",
    "payment_fee_usd_min", "payment_fee_usd_max", "withdrawal_fee_usd",
)
FEE_BOUNDS: tuple[str, ...] = ("min", "max")


def fee_components(fees: pd.DataFrame, method: str, bound: str) -> tuple[float, float]:
    """``(fixed_usd, rate)`` of one payment method at the ``min`` or ``max`` end of every
    printed range: fee(amount) = fixed_usd + rate × amount. Empty cells ('/', 'No') are 0."""
    if bound not in FEE_BOUNDS:
        raise ValueError(f"bound must be 'min' or 'max', not {bound!r}")
    rows = fees[fees["method"] == method]
    if len(rows) != 1:
        raise KeyError(f"payment method {method!r} not in the table; "
                       f"known: {', '.join(fees['method'])}")
    row = rows.iloc[0]

    def nz(column: str) -> float:
        value = row[column]
        return 0.0 if pd.isna(value) else float(value)

    fixed = nz(f"login_fee_usd_{bound}") + nz(f"payment_fee_usd_{bound}") + \
        nz("withdrawal_fee_usd")
    rate = (nz(f"transaction_fee_pct_{bound}") + nz(f"payment_fee_pct_{bound}")) / 100
    return fixed, rate


def payment_fees_for(fees: pd.DataFrame, amount: float) -> pd.DataFrame:
    """Fees and net receipts for an order of ``amount`` US dollars, for every method of Gu's
    Table 3.2, at the lowest and the highest combination of the printed components.

    Columns: method, fee_usd_min, fee_usd_max, net_usd_min (= amount − fee_usd_max),
    net_usd_max, fee_pct_min, fee_pct_max. All values are derived.
    """
    if not isinstance(amount, int | float) or isinstance(amount, bool) \
            or not math.isfinite(amount) or amount <= 0:
        raise ValueError(f"order amount must be a positive number of US dollars, not {amount!r}")
    rows = []
    for method in fees["method"]:
        low = sum_fee(*fee_components(fees, method, "min"), amount)
        high = sum_fee(*fee_components(fees, method, "max"), amount)
        rows.append({"method": method, "fee_usd_min": low, "fee_usd_max": high,
                     "net_usd_min": amount - high, "net_usd_max": amount - low,
                     "fee_pct_min": 100 * low / amount, "fee_pct_max": 100 * high / amount})
    return pd.DataFrame.from_records(rows)


def sum_fee(fixed: float, rate: float, amount: float) -> float:
    """fixed + rate × amount."""
    return fixed + rate * amount


def check_fee_table(fees: pd.DataFrame, amount: float = 300.0) -> pd.DataFrame:
    """Computed net receipts on ``amount`` next to the printed 'profit on 300 USD' column,
    with the gaps (computed − printed) at each end."""
    computed = payment_fees_for(fees, amount).set_index("method")
    rows = []
    for _, row in fees.iterrows():
        c = computed.loc[row["method"]]
        rows.append({
            "method": row["method"],
            "printed profit": row["profit_on_300_usd"],
            "printed min": row["profit_usd_min"], "printed max": row["profit_usd_max"],
            "computed min": c["net_usd_min"], "computed max": c["net_usd_max"],
            "gap at min": c["net_usd_min"] - row["profit_usd_min"],
            "gap at max": c["net_usd_max"] - row["profit_usd_max"],
        })
    return pd.DataFrame.from_records(rows)


def fee_savings(fees: pd.DataFrame, amount: float = 300.0,
                baseline: str = "T/T") -> pd.DataFrame:
    """Largest saving of each method against ``baseline`` on ``amount`` (baseline's highest
    fee − the method's lowest fee), next to the printed 'fees saving … at most'."""
    computed = payment_fees_for(fees, amount).set_index("method")
    if baseline not in computed.index:
        raise KeyError(f"baseline {baseline!r} not in the table")
    top = computed.loc[baseline, "fee_usd_max"]
    rows = []
    for _, row in fees[fees["method"] != baseline].iterrows():
        saving = top - computed.loc[row["method"], "fee_usd_min"]
        rows.append({"method": row["method"], "printed saving": row["fees_saving"],
                     "printed max": row["fees_saving_usd_max"],
                     "computed max saving": saving,
                     "gap": saving - row["fees_saving_usd_max"]})
    return pd.DataFrame.from_records(rows)


def break_even_amount(fees: pd.DataFrame, method_a: str, bound_a: str, method_b: str,
                      bound_b: str) -> float | None:
    """Order amount (USD) at which two methods' fees are equal, or ``None`` when the fee lines
    never cross at a positive amount (parallel, or crossing at or below zero)."""
    fixed_a, rate_a = fee_components(fees, method_a, bound_a)
    fixed_b, rate_b = fee_components(fees, method_b, bound_b)
    if math.isclose(rate_a, rate_b):
        return None
    amount = (fixed_b - fixed_a) / (rate_a - rate_b)
    return amount if amount > 0 else None


def fee_curve(fees: pd.DataFrame, amounts: Iterable[float]) -> pd.DataFrame:
    """Fee as a share of the order for each method, amount and bound (long form, derived)."""
    rows = []
    for amount in amounts:
        table = payment_fees_for(fees, float(amount))
        for _, row in table.iterrows():
            rows.append({"method": row["method"], "amount": float(amount),
                         "fee_pct_min": row["fee_pct_min"], "fee_pct_max": row["fee_pct_max"],
                         "fee_usd_min": row["fee_usd_min"], "fee_usd_max": row["fee_usd_max"]})
    return pd.DataFrame.from_records(rows)


PRINTED_FEE_COLUMNS: tuple[str, ...] = (
    "method", "account_opening_fee", "login_fee", "transaction_fee", "payment_fee",
    "withdrawal_fee", "profit_on_300_usd", "fees_saving",
)


def printed_fees_table(fees: pd.DataFrame) -> pd.DataFrame:
    """Gu's Table 3.2 with its cells as printed, for display (headings without
    underscores)."""
    return display_frame(fees, {column: column.replace("_", " ").replace("usd", "USD")
                                for column in PRINTED_FEE_COLUMNS})
