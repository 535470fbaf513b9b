"""Pure helpers for figures: percentiles, milliseconds, ratios against a floor."""
import math


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (0..100) by nearest rank; samples need not be sorted."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    if math.isnan(seconds):
        return "n/a"
    value = seconds * 1000
    return f"{value:.3f} ms" if value < 1 else f"{value:.2f} ms" if value < 100 else f"{value:.0f} ms"


def p50_p99(samples: list[float]) -> str:
    return f"p50 {ms(percentile(samples, 50))} / p99 {ms(percentile(samples, 99))}"


def ratio(value: float, floor: float) -> str:
    if not floor or math.isnan(value) or math.isnan(floor):
        return "n/a"
    return f"x{value / floor:.1f}"


def against(samples: list[float], floor_samples: list[float], floor_name: str) -> str:
    """'<floor name> p50 X / p99 Y -> xA / xB': the overhead as ratios at p50 and at p99."""
    return against_values(samples, percentile(floor_samples, 50), percentile(floor_samples, 99), floor_name)


def against_values(samples: list[float], floor_p50: float, floor_p99: float, floor_name: str) -> str:
    return (f"{floor_name} p50 {ms(floor_p50)} / p99 {ms(floor_p99)} -> "
            f"{ratio(percentile(samples, 50), floor_p50)} / {ratio(percentile(samples, 99), floor_p99)}")


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.1f} MiB"
