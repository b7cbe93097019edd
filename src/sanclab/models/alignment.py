r"""A small state's alignment between two great powers under secondary-sanction threats.

The small state picks an alignment :math:`a \in [0, 1]`: :math:`a = 1` is full alignment with
power A, :math:`a = 0` full alignment with power B, anything in between keeps ties to both
(hedging). Its payoff is

.. math::

    V(a) = \underbrace{w_A\, a^{\gamma} + w_B\, (1 - a)^{\gamma}}_{U(a)\ \text{(benefit)}}
        \;-\; k_A\, \mathbf{1}\{1 - a > \tau_A\} \;-\; k_B\, \mathbf{1}\{a > \tau_B\},
    \qquad k_P = p_P \max(t_P - r,\ 0),

* :math:`w_A, w_B`: the value of the relationship with each power at full alignment;
* :math:`\gamma \in (0, 1)`: diminishing returns (:math:`\gamma = 1/2`, square roots, by
  default);
* :math:`\tau_A`: power A's tolerance, the largest alignment with its rival B it accepts;
  beyond it A's secondary sanctions apply (likewise :math:`\tau_B` for alignment with A);
* :math:`t_P` and :math:`p_P`: the size of the loss the power's secondary sanctions would
  inflict and the credibility of the threat (the probability the small state puts on its
  being carried out);
* :math:`r`: the regional option, the part of an executed sanction's damage that regional
  cooperation makes good. It lowers both powers' expected penalties :math:`k_A, k_B`.

**Without threats** the first-order condition
:math:`\gamma w_A a^{\gamma - 1} = \gamma w_B (1 - a)^{\gamma - 1}` gives
:math:`a/(1 - a) = (w_A / w_B)^{1/(1-\gamma)}`, so

.. math::

    a_0 = \frac{w_A^{\kappa}}{w_A^{\kappa} + w_B^{\kappa}}, \quad \kappa = \frac{1}{1 - \gamma},
    \qquad U(a_0) = \bigl(w_A^{\kappa} + w_B^{\kappa}\bigr)^{1 - \gamma};

for square roots :math:`a_0 = w_A^2 / (w_A^2 + w_B^2)` and
:math:`U(a_0) = \sqrt{w_A^2 + w_B^2}` (:func:`threat_free_alignment`).

**With threats** the payoff jumps down where an alignment crosses a tolerance, so the
optimum may sit on a kink (exactly at a tolerance edge) rather than at a stationary point.
The penalty terms are constant between the two edges :math:`e_A = 1 - \tau_A` and
:math:`e_B = \tau_B`, and the benefit is concave, so the best alignment is among
:math:`\{a_0, e_A, e_B, 0, 1\}`: on each piece the best point is :math:`a_0` projected onto
the piece, and a piece's end point is at least as good as the piece next to it (the
penalty is lower there). :func:`optimal_alignment` evaluates these candidates exactly;
:func:`solve_alignment` maximizes each piece numerically (for any concave benefit) and agrees
with it wherever both apply.

The model is the course's own construction for teaching (after the hedging literature, e.g.
Kuik 2008, and Hirschman's 1945 idea that dependence gives leverage); it is not taken from a
published paper. Parameter names avoid the reading's own words where the model means
something narrower: ``value_a`` (not "leverage"), ``threat_a`` (a size, not the "threat
point" of bargaining theory), ``regional_option`` (see :class:`AlignmentParams`).

References
----------
Kuik, C.-C. (2008). The Essence of Hedging: Malaysia and Singapore's Response to a Rising
China. *Contemporary Southeast Asia*, 30(2), 159-185. [kuik2008]

Hirschman, A. O. (1945). *National Power and the Structure of Foreign Trade*. University of
California Press. [hirschman1945]
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import check_array, check_range

__all__ = [
    "ALIGNMENT_SLACK",
    "AlignmentChoice",
    "AlignmentOptimum",
    "AlignmentParams",
    "alignment_benefit",
    "alignment_payoff",
    "alignment_sweep",
    "expected_sanction_loss",
    "hedging_interval",
    "optimal_alignment",
    "solve_alignment",
    "switch_threat",
    "threat_free_alignment",
]

#: Slack when comparing an alignment with a tolerance edge: an alignment within ``1e-12`` of
#: the edge counts as inside the tolerance (so that ``a = 0.7`` is safe for ``tolerance_a =
#: 0.3`` despite rounding in ``1 - 0.3``).
ALIGNMENT_SLACK = 1e-12

#: Relative tolerance for ties between payoffs (scaled by ``1 + value_a + value_b`` plus the
#: two expected penalties).
PAYOFF_TOLERANCE = 1e-12

#: Candidates closer than this are the same alignment (the exact one, e.g. an edge, is kept).
_SAME_POINT = 1e-9

_POWERS = ("A", "B")


def _power(power: object) -> str:
    if isinstance(power, str) and power.strip().upper() in _POWERS:
        return power.strip().upper()
    raise ValueError(f"power must be 'A' or 'B', got {power!r}")


@dataclass(frozen=True)
class AlignmentParams:
    r"""Validated parameters of the alignment choice (see :mod:`sanclab.models.alignment`).

    Parameters
    ----------
    value_a, value_b : float
        :math:`w_A, w_B`: value of the relationship with power A (B) at full alignment, in
        [0, inf), not both 0. With trade data, the power's share of the small state's trade
        is a natural choice. Named "value", not "leverage": the reading uses leverage for the
        small state's own room for manoeuvre.
    threat_a, threat_b : float, default 0
        :math:`t_A, t_B`: size of the loss A's (B's) secondary sanctions would inflict if
        carried out, in [0, inf), same units as the values.
    credibility_a, credibility_b : float, default 1
        :math:`p_A, p_B`: probability the small state puts on A's (B's) threat being carried
        out once the tolerance is crossed, in [0, 1] (the glossary's "credibility").
    tolerance_a : float, default 0
        :math:`\tau_A`: the largest alignment with B (that is, :math:`1 - a`) that A accepts,
        in [0, 1]. A's sanction applies when :math:`1 - a > \tau_A`, i.e. when
        :math:`a < 1 - \tau_A`. ``0``: zero tolerance (any tie to B counts); ``1``: A never
        sanctions.
    tolerance_b : float, default 0
        :math:`\tau_B`: the largest alignment with A that B accepts, in [0, 1]; B's sanction
        applies when :math:`a > \tau_B`.
    regional_option : float, default 0
        :math:`r`: the part of an executed sanction's damage that regional cooperation makes
        good, in [0, inf). The expected penalty of power P is
        :math:`k_P = p_P \max(t_P - r, 0)`. In this model the option softens any threat as
        soon as it is positive; in :func:`~sanclab.models.dependence.extractable_surplus`
        the same regional option is a bargaining outside option, which matters only once it
        binds (the two channels differ on purpose).
    benefit_exponent : float, default 0.5
        :math:`\gamma`: the benefit of a relationship is :math:`w\,x^{\gamma}`, in (0, 1);
        ``0.5`` is the square root.

    Raises
    ------
    ValueError
        Naming the parameter, its value and the allowed range.

    Examples
    --------
    >>> params = AlignmentParams(value_a=0.3, value_b=0.2, threat_a=0.5, credibility_a=0.5,
    ...                          regional_option=0.25)
    >>> params.expected_penalty_a, params.expected_penalty_b
    (0.125, 0.0)
    >>> params.edge_a, params.edge_b
    (1.0, 0.0)
    >>> AlignmentParams(value_a=0.3, value_b=0.2, credibility_b=1.5)
    Traceback (most recent call last):
    ...
    ValueError: credibility_b must be in [0, 1], got 1.5
    """

    value_a: float
    value_b: float
    threat_a: float = 0.0
    threat_b: float = 0.0
    credibility_a: float = 1.0
    credibility_b: float = 1.0
    tolerance_a: float = 0.0
    tolerance_b: float = 0.0
    regional_option: float = 0.0
    benefit_exponent: float = 0.5

    def __post_init__(self) -> None:
        finite = {"high": math.inf, "high_open": True}
        checks = {
            "value_a": (0.0, finite),
            "value_b": (0.0, finite),
            "threat_a": (0.0, finite),
            "threat_b": (0.0, finite),
            "credibility_a": (0.0, {"high": 1.0}),
            "credibility_b": (0.0, {"high": 1.0}),
            "tolerance_a": (0.0, {"high": 1.0}),
            "tolerance_b": (0.0, {"high": 1.0}),
            "regional_option": (0.0, finite),
            "benefit_exponent": (0.0, {"high": 1.0, "high_open": True, "low_open": True}),
        }
        for name, (low, bounds) in checks.items():
            value = check_range(name, getattr(self, name), low, **bounds)
            object.__setattr__(self, name, value)
        if self.value_a + self.value_b <= 0.0:
            raise ValueError(
                "value_a and value_b must not both be 0 (the small state must value at least "
                f"one relationship), got {self.value_a!r} and {self.value_b!r}"
            )

    @property
    def expected_penalty_a(self) -> float:
        r""":math:`k_A = p_A \max(t_A - r, 0)`, what crossing A's tolerance costs in expectation."""
        return self.credibility_a * max(self.threat_a - self.regional_option, 0.0)

    @property
    def expected_penalty_b(self) -> float:
        r""":math:`k_B = p_B \max(t_B - r, 0)`."""
        return self.credibility_b * max(self.threat_b - self.regional_option, 0.0)

    @property
    def edge_a(self) -> float:
        r""":math:`e_A = 1 - \tau_A`, the smallest alignment A accepts without sanction."""
        return 1.0 - self.tolerance_a

    @property
    def edge_b(self) -> float:
        r""":math:`e_B = \tau_B`, the largest alignment B accepts without sanction."""
        return self.tolerance_b

    @property
    def scale(self) -> float:
        """Payoff scale used for the tie tolerance."""
        return 1.0 + self.value_a + self.value_b + self.expected_penalty_a + self.expected_penalty_b

    def replace(self, **changes: float) -> AlignmentParams:
        """A copy with some parameters changed (validated again).

        Examples
        --------
        >>> AlignmentParams(value_a=1.0, value_b=1.0).replace(threat_a=0.5).threat_a
        0.5
        """
        return dataclasses.replace(self, **changes)


def _triggered_a(params: AlignmentParams, a: np.ndarray | float) -> np.ndarray | bool:
    return np.asarray(a) < params.edge_a - ALIGNMENT_SLACK


def _triggered_b(params: AlignmentParams, a: np.ndarray | float) -> np.ndarray | bool:
    return np.asarray(a) > params.edge_b + ALIGNMENT_SLACK


def _power_benefit(params: AlignmentParams) -> Callable[[float], float]:
    gamma = params.benefit_exponent
    return lambda x: x**gamma


def _benefit(params: AlignmentParams, a, f: Callable | None = None):
    if f is None:
        gamma = params.benefit_exponent
        return params.value_a * np.power(a, gamma) + params.value_b * np.power(1.0 - a, gamma)
    return params.value_a * f(a) + params.value_b * f(1.0 - a)


def _penalty(params: AlignmentParams, a):
    return params.expected_penalty_a * _triggered_a(params, a) + (
        params.expected_penalty_b * _triggered_b(params, a)
    )


def _output(values: np.ndarray, original: object) -> float | np.ndarray:
    return float(values) if np.ndim(original) == 0 else values


def _alignments(alignment: object) -> np.ndarray:
    return check_array("alignment", alignment, low=0.0, high=1.0, ndim=None)


def alignment_benefit(params: AlignmentParams, alignment: object) -> float | np.ndarray:
    r"""The benefit :math:`U(a) = w_A a^{\gamma} + w_B (1 - a)^{\gamma}` (no penalties).

    Parameters
    ----------
    params : AlignmentParams
        The model's parameters.
    alignment : float or array_like
        Alignment(s) :math:`a` with power A, in [0, 1].

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> alignment_benefit(AlignmentParams(value_a=3.0, value_b=4.0), [0.0, 0.36, 1.0]).tolist()
    [4.0, 5.0, 3.0]
    """
    a = _alignments(alignment)
    return _output(_benefit(params, a), alignment)


def expected_sanction_loss(params: AlignmentParams, alignment: object) -> float | np.ndarray:
    r"""The expected sanction loss at an alignment.

    .. math:: L(a) = k_A \mathbf{1}\{a < 1 - \tau_A\} + k_B \mathbf{1}\{a > \tau_B\}

    Parameters
    ----------
    params : AlignmentParams
        The model's parameters.
    alignment : float or array_like
        Alignment(s) :math:`a` with power A, in [0, 1].

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> params = AlignmentParams(value_a=1.0, value_b=1.0, threat_a=0.2, tolerance_a=0.3)
    >>> expected_sanction_loss(params, [0.69, 0.7, 1.0]).tolist()
    [0.2, 0.0, 0.0]
    """
    a = _alignments(alignment)
    return _output(np.asarray(_penalty(params, a), dtype=float), alignment)


def alignment_payoff(params: AlignmentParams, alignment: object) -> float | np.ndarray:
    r"""The payoff :math:`V(a) = U(a) - ` expected sanction loss.

    Parameters
    ----------
    params : AlignmentParams
        The model's parameters.
    alignment : float or array_like
        Alignment(s) :math:`a` with power A, in [0, 1].

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> params = AlignmentParams(value_a=3.0, value_b=4.0, threat_b=1.0, tolerance_b=0.3)
    >>> alignment_payoff(params, [0.3, 0.36]).round(6).tolist()
    [4.989808, 4.0]
    """
    a = _alignments(alignment)
    return _output(_benefit(params, a) - _penalty(params, a), alignment)


def _logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def threat_free_alignment(value_a: float, value_b: float, benefit_exponent: float = 0.5) -> float:
    r"""The optimal alignment without threats, in closed form.

    .. math::

        a_0 = \frac{w_A^{\kappa}}{w_A^{\kappa} + w_B^{\kappa}},
        \qquad \kappa = \frac{1}{1 - \gamma}

    With square roots (:math:`\gamma = 1/2`), :math:`a_0 = w_A^2 / (w_A^2 + w_B^2)`.
    Derivation: :math:`U'(a) = \gamma w_A a^{\gamma-1} - \gamma w_B (1-a)^{\gamma-1} = 0`
    gives :math:`(a / (1 - a))^{1-\gamma} = w_A / w_B`. :math:`U` is strictly concave, so
    this stationary point is the maximum; it is interior whenever both values are positive
    (the marginal benefit of a relationship is infinite at zero).

    Parameters
    ----------
    value_a, value_b : float
        :math:`w_A, w_B` in [0, inf), not both 0.
    benefit_exponent : float, default 0.5
        :math:`\gamma`, in (0, 1).

    Returns
    -------
    float
        :math:`a_0` in [0, 1] (0 if :math:`w_A = 0`, 1 if :math:`w_B = 0`).

    Examples
    --------
    >>> threat_free_alignment(3.0, 4.0)
    0.36
    >>> threat_free_alignment(1.0, 1.0, benefit_exponent=0.9)
    0.5
    """
    p = AlignmentParams(value_a=value_a, value_b=value_b, benefit_exponent=benefit_exponent)
    return _threat_free(p)


def _threat_free(p: AlignmentParams) -> float:
    if p.value_a == 0.0:
        return 0.0
    if p.value_b == 0.0:
        return 1.0
    kappa = 1.0 / (1.0 - p.benefit_exponent)
    try:
        x, y = p.value_a**kappa, p.value_b**kappa
    except OverflowError:
        x = y = math.inf
    if 0.0 < x < math.inf and 0.0 < y < math.inf and x + y < math.inf:
        return x / (x + y)  # exact for simple numbers: 9 / (9 + 16) = 0.36
    # very unequal values or gamma near 1: the same formula written as a logistic function
    return _logistic(kappa * (math.log(p.value_a) - math.log(p.value_b)))


@dataclass(frozen=True)
class AlignmentOptimum:
    r"""The small state's best alignment (see :func:`optimal_alignment`).

    Attributes
    ----------
    alignment : float
        The chosen optimum :math:`a^*`. When several alignments tie, the one with the
        smallest expected sanction loss is chosen (an indifferent state does not provoke a
        sanction), then the one closest to :attr:`threat_free`, then the smallest.
    payoff : float
        :math:`V(a^*)`.
    optima : tuple of float
        Every alignment that reaches the maximum (more than one only on a knife-edge).
    threat_free : float
        :math:`a_0`, the optimum without any threat.
    regime : str
        ``"hedge"`` if :math:`0 < a^* < 1`; ``"bandwagon_a"`` (``"bandwagon_b"``) if
        :math:`a^* = 1` (0) although :math:`a_0 \ne a^*`, i.e. a threat pushed the state into
        full alignment with that power; ``"align_a"`` (``"align_b"``) for a corner that the
        state would choose without threats too (it values only one relationship, or the
        benefit has a finite slope at 0).
    sanctioned_by : tuple of str
        Powers whose tolerance :math:`a^*` crosses with a positive expected penalty (the
        state defies them and bears the expected loss).
    at_edge_of : tuple of str
        Powers whose tolerance edge :math:`a^*` sits on exactly (a kink optimum) while their
        threat bites: the state accommodates them.
    expected_loss : float
        The expected sanction loss borne at :math:`a^*`.
    """

    alignment: float
    payoff: float
    optima: tuple[float, ...]
    threat_free: float
    regime: str
    sanctioned_by: tuple[str, ...]
    at_edge_of: tuple[str, ...]
    expected_loss: float

    @property
    def interior(self) -> bool:
        """Whether the state hedges (:math:`0 < a^* < 1`)."""
        return 0.0 < self.alignment < 1.0

    @property
    def knife_edge(self) -> bool:
        """Whether several alignments are optimal."""
        return len(self.optima) > 1


def _choose(
    params: AlignmentParams,
    candidates: list[float],
    threat_free: float,
    f: Callable | None = None,
    merge: float = 0.0,
) -> AlignmentOptimum:
    """Pick the best candidate. Candidates within ``merge`` of an earlier one are dropped (the
    numerical solver merges its approximate points into the exact edges listed first)."""
    points: list[float] = []
    for c in candidates:
        c = min(max(float(c), 0.0), 1.0)
        if all(abs(c - q) > merge for q in points) and c not in points:
            points.append(c)
    a = np.array(points)
    benefit = np.array([float(_benefit(params, x, f)) for x in a])
    loss = np.asarray(_penalty(params, a), dtype=float)
    values = benefit - loss
    best = float(values.max())
    tied = np.flatnonzero(values >= best - PAYOFF_TOLERANCE * params.scale)
    order = sorted(tied, key=lambda i: (loss[i], abs(a[i] - threat_free), a[i]))
    i = order[0]
    star = float(a[i])
    if 0.0 < star < 1.0:
        regime = "hedge"
    else:
        side = "a" if star == 1.0 else "b"
        unforced = abs(star - threat_free) <= merge  # the state would be there without threats
        regime = ("align_" if unforced else "bandwagon_") + side
    sanctioned = []
    if _triggered_a(params, star) and params.expected_penalty_a > 0:
        sanctioned.append("A")
    if _triggered_b(params, star) and params.expected_penalty_b > 0:
        sanctioned.append("B")
    edges = []
    kink = abs(star - threat_free) > merge  # an optimum at a_0 itself is not held by an edge
    if kink and params.expected_penalty_a > 0 and 0.0 < params.edge_a == star:
        edges.append("A")
    if kink and params.expected_penalty_b > 0 and 1.0 > params.edge_b == star:
        edges.append("B")
    return AlignmentOptimum(
        alignment=star,
        payoff=float(values[i]),
        optima=tuple(sorted(float(a[j]) for j in tied)),
        threat_free=float(threat_free),
        regime=regime,
        sanctioned_by=tuple(sanctioned),
        at_edge_of=tuple(edges),
        expected_loss=float(loss[i]),
    )


def optimal_alignment(params: AlignmentParams) -> AlignmentOptimum:
    r"""The best alignment, exactly, for the power benefit :math:`w\,x^{\gamma}`.

    The candidates are the threat-free optimum :math:`a_0` (:func:`threat_free_alignment`),
    the two tolerance edges :math:`1 - \tau_A` and :math:`\tau_B`, and the corners 0 and 1;
    the payoff :math:`V` is evaluated at each and the best is kept (see the module
    docstring for why this is exact).

    Parameters
    ----------
    params : AlignmentParams
        The model's parameters.

    Returns
    -------
    AlignmentOptimum

    Examples
    --------
    Square-root benefits with values 3 and 4 and no threat: :math:`a^* = 9/25`.

    >>> optimal_alignment(AlignmentParams(value_a=3.0, value_b=4.0)).alignment
    0.36

    A zero-tolerance threat from A worth more than :math:`\sqrt{3^2+4^2} - 3 = 2` makes the
    state bandwagon with A; a smaller one is borne.

    >>> optimal_alignment(AlignmentParams(value_a=3.0, value_b=4.0, threat_a=2.5)).regime
    'bandwagon_a'
    >>> optimal_alignment(AlignmentParams(value_a=3.0, value_b=4.0, threat_a=1.5)).sanctioned_by
    ('A',)
    """
    a0 = _threat_free(params)
    candidates = [params.edge_a, params.edge_b, 0.0, 1.0, a0]
    return _choose(params, candidates, a0)


def _check_benefit(benefit: Callable[[float], float]) -> Callable[[float], float]:
    if not callable(benefit):
        raise TypeError(f"benefit must be a callable, got {benefit!r}")
    grid = np.linspace(0.0, 1.0, 201)
    try:
        values = np.array([float(benefit(float(x))) for x in grid])
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise ValueError(f"benefit must return a real number on [0, 1]: {exc}") from exc
    if not np.isfinite(values).all():
        raise ValueError("benefit must be finite on [0, 1]")
    second = values[:-2] - 2.0 * values[1:-1] + values[2:]
    if second.max() > 1e-9 * (1.0 + np.abs(values).max()):
        x = float(grid[1 + int(np.argmax(second))])
        raise ValueError(f"benefit must be concave on [0, 1]; it is convex near {x:.3f}")
    return benefit


def solve_alignment(
    params: AlignmentParams, benefit: Callable[[float], float] | None = None
) -> AlignmentOptimum:
    r"""The best alignment, numerically, for any concave benefit.

    The payoff :math:`w_A f(a) + w_B f(1 - a)` minus the expected penalties is maximized on
    each piece between the tolerance edges with a bounded scalar method
    (:func:`scipy.optimize.minimize_scalar`, ``method="bounded"``); the piece ends are
    evaluated too, and the best point wins (ties as in :class:`AlignmentOptimum`). With the
    default benefit it reproduces :func:`optimal_alignment` (checked by the tests), which is
    why the closed form can be trusted and why this solver can be trusted for other benefits.

    Parameters
    ----------
    params : AlignmentParams
        The model's parameters (``benefit_exponent`` is ignored when ``benefit`` is given).
    benefit : callable, optional
        :math:`f: [0, 1] \to \mathbb{R}`, concave (checked on a grid of 201 points). Default
        :math:`f(x) = x^{\gamma}`.

    Returns
    -------
    AlignmentOptimum
        :attr:`~AlignmentOptimum.threat_free` is also found numerically.

    Raises
    ------
    ValueError
        If ``benefit`` is not finite or not concave on [0, 1].

    Examples
    --------
    >>> params = AlignmentParams(value_a=3.0, value_b=4.0)
    >>> round(solve_alignment(params).alignment, 6)
    0.36

    With :math:`f(x) = \log(1 + x)` the first-order condition gives
    :math:`a = (2w_A - w_B)/(w_A + w_B) = 2/7`:

    >>> import math
    >>> round(solve_alignment(params, benefit=math.log1p).alignment, 6)
    0.285714
    """
    from scipy.optimize import minimize_scalar  # lazy: keeps `import sanclab` light

    f = _power_benefit(params) if benefit is None else _check_benefit(benefit)

    def best_on(lo: float, hi: float) -> float:
        if hi - lo <= _SAME_POINT:
            return lo
        result = minimize_scalar(
            lambda x: -float(_benefit(params, x, f)),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-12},
        )
        return float(result.x)

    ends = [0.0, 1.0]
    # threat-free optimum: the best of the numerical interior point and the corners
    a0_candidates = [*ends, best_on(0.0, 1.0)]
    a0 = max(a0_candidates, key=lambda x: float(_benefit(params, x, f)))
    edges = sorted({0.0, 1.0, params.edge_a, params.edge_b})
    interior = [best_on(lo, hi) for lo, hi in zip(edges[:-1], edges[1:], strict=True)]
    candidates = [params.edge_a, params.edge_b, *ends, *interior]
    return _choose(params, candidates, a0, f, merge=_SAME_POINT)


def _best_value(params: AlignmentParams, points: list[float], skip: str) -> float:
    """max of U - (penalty of the other power) over the given points."""
    best = -math.inf
    for x in points:
        value = float(_benefit(params, x))
        if skip == "A" and _triggered_b(params, x):
            value -= params.expected_penalty_b
        if skip == "B" and _triggered_a(params, x):
            value -= params.expected_penalty_a
        best = max(best, value)
    return best


def switch_threat(params: AlignmentParams, power: str) -> float:
    r"""The threat size of ``power`` at which the state stops defying it.

    With everything else fixed, let :math:`S` be the alignments inside the power's tolerance
    and :math:`T` those beyond it. The best the state can do in :math:`S` does not depend on
    the power's threat; the best it can do in :math:`T` falls one for one with the expected
    penalty :math:`k = p \max(t - r, 0)`. So there is a single switch: the state defies (stays
    in :math:`T`, bearing :math:`k`) while :math:`k < k^* = \sup_T (U - \text{other penalty})
    - \max_S (U - \text{other penalty})` and moves into :math:`S` once :math:`k > k^*`; at
    :math:`k = k^*` it is indifferent. In threat units, :math:`t^* = r + k^*/p`.

    When the power's tolerance is 0, moving into :math:`S` means full alignment with it, so
    :math:`t^*` is the threat level at which hedging turns into bandwagoning. With square
    roots and no other threat that binds, :math:`k^* = \sqrt{w_A^2 + w_B^2} - w_A` (for A).

    Parameters
    ----------
    params : AlignmentParams
        The model's parameters; the power's own ``threat_*`` is ignored.
    power : {"A", "B"}
        The power whose threat varies.

    Returns
    -------
    float
        :math:`t^*`. ``0.0`` if the state stays inside the power's tolerance even without any
        threat (or the power tolerates everything); ``inf`` if the state defies at any
        threat size (zero credibility and :math:`k^* > 0`).

    Examples
    --------
    >>> switch_threat(AlignmentParams(value_a=3.0, value_b=4.0), "A")
    2.0
    >>> switch_threat(AlignmentParams(value_a=3.0, value_b=4.0, credibility_a=0.5,
    ...                               regional_option=1.0), "A")
    5.0
    """
    who = _power(power)
    a0 = _threat_free(params)
    points = [0.0, 1.0, params.edge_a, params.edge_b, a0]
    if who == "A":
        edge, credibility = params.edge_a, params.credibility_a
        if edge <= ALIGNMENT_SLACK:
            return 0.0
        beyond = [x for x in points if x <= edge]
        inside = [x for x in points if x >= edge]
    else:
        edge, credibility = params.edge_b, params.credibility_b
        if edge >= 1.0 - ALIGNMENT_SLACK:
            return 0.0
        beyond = [x for x in points if x >= edge]
        inside = [x for x in points if x <= edge]
    k_star = _best_value(params, beyond, who) - _best_value(params, inside, who)
    if k_star <= PAYOFF_TOLERANCE * params.scale:
        return 0.0
    if credibility == 0.0:
        return math.inf
    return params.regional_option + k_star / credibility


def hedging_interval(params: AlignmentParams) -> tuple[float, float] | None:
    r"""The balances of interest for which the state hedges, as an interval of value shares.

    Keep the total value :math:`w_A + w_B` and every other parameter fixed and let the
    value share :math:`\theta = w_A / (w_A + w_B)` vary in [0, 1]. The optimal alignment is
    nondecreasing in :math:`\theta` (the payoff has increasing differences in :math:`a` and
    :math:`\theta`), so the shares with an interior optimum form an interval
    :math:`(\theta_{lo}, \theta_{hi})`, found by bisection. Its length is the state's room to
    hedge: threats shrink it. A regional option widens it when the tolerances are zero, but
    not in general: when bandwagoning with one power crosses the other's tolerance and the
    other's threat is the more credible, the option softens the penalty on bandwagoning
    faster than the penalty on hedging and can narrow the interval (tested in
    ``tests/test_models_alignment.py``).

    With zero tolerances, square roots and :math:`w_A + w_B = 1`, the bounds are
    :math:`\theta_{hi} = 1 + k_A - \sqrt{2k_A(1 + k_A)}` and
    :math:`\theta_{lo} = \sqrt{2k_B(1 + k_B)} - k_B`; the interval closes at
    :math:`k_A = k_B = (\sqrt 2 - 1)/2 \approx 0.2071`.

    Parameters
    ----------
    params : AlignmentParams
        The model's parameters; ``value_a`` and ``value_b`` give only the total.

    Returns
    -------
    tuple of float or None
        :math:`(\theta_{lo}, \theta_{hi})`, to about ``1e-12``: the optimum is interior for
        every share strictly between the bounds and a corner outside them. ``None`` if no
        share (or a single knife-edge share) gives an interior optimum. Near the ends an
        alignment within about ``1e-16`` of a corner rounds to the corner, so bounds such as
        ``3e-14`` or ``0.99999999`` stand for 0 and 1.

    Examples
    --------
    >>> lo, hi = hedging_interval(AlignmentParams(value_a=0.5, value_b=0.5, threat_a=0.1,
    ...                                           threat_b=0.1))
    >>> round(lo, 6), round(hi, 6)
    (0.369042, 0.630958)
    >>> hedging_interval(AlignmentParams(value_a=0.5, value_b=0.5, threat_a=0.3, threat_b=0.3))
    """
    total = params.value_a + params.value_b

    def star(theta: float) -> float:
        p = params.replace(value_a=theta * total, value_b=(1.0 - theta) * total)
        return optimal_alignment(p).alignment

    def boundary(lo: float, hi: float, above: Callable[[float], bool]) -> float:
        # `above` is False at lo and True at hi; return the switch point
        for _ in range(200):
            if hi - lo <= 1e-13:
                break
            mid = 0.5 * (lo + hi)
            if above(mid):
                hi = mid
            else:
                lo = mid
        return 0.5 * (lo + hi)

    def positive(t: float) -> bool:
        return star(t) > 0.0

    def full(t: float) -> bool:
        return star(t) >= 1.0

    if not positive(1.0):
        return None
    low = 0.0 if positive(0.0) else boundary(0.0, 1.0, positive)
    high = 1.0 if not full(1.0) else (0.0 if full(0.0) else boundary(0.0, 1.0, full))
    if high - low <= 1e-12:
        return None
    return (low, high)


def alignment_sweep(params: AlignmentParams, parameter: str, values: object) -> pd.DataFrame:
    """The optimum as one parameter varies, for comparative-statics figures and tables.

    Parameters
    ----------
    params : AlignmentParams
        The other parameters.
    parameter : str
        A field of :class:`AlignmentParams`, e.g. ``"threat_a"`` or ``"regional_option"``.
    values : array_like of float
        The values to try (each validated as that parameter).

    Returns
    -------
    pandas.DataFrame
        One row per value, with columns ``parameter`` values (named after the parameter),
        ``alignment``, ``payoff``, ``expected_loss``, ``regime``, ``sanctioned_by`` (a string
        such as ``"A"``, ``"A+B"`` or ``""``) and ``knife_edge``.

    Examples
    --------
    >>> sweep = alignment_sweep(AlignmentParams(value_a=3.0, value_b=4.0), "threat_a",
    ...                         [1.0, 3.0])
    >>> sweep["alignment"].tolist(), sweep["regime"].tolist(), sweep["sanctioned_by"].tolist()
    ([0.36, 1.0], ['hedge', 'bandwagon_a'], ['A', ''])
    """
    names = {f.name for f in dataclasses.fields(AlignmentParams)}
    if parameter not in names:
        raise ValueError(f"parameter must be one of {sorted(names)}, got {parameter!r}")
    grid = check_array(parameter, values, min_length=1)
    rows = []
    for value in grid:
        best = optimal_alignment(params.replace(**{parameter: float(value)}))
        rows.append({
            parameter: float(value),
            "alignment": best.alignment,
            "payoff": best.payoff,
            "expected_loss": best.expected_loss,
            "regime": best.regime,
            "sanctioned_by": "+".join(best.sanctioned_by),
            "knife_edge": best.knife_edge,
        })
    return pd.DataFrame(rows)


class AlignmentChoice:
    """Front end for the alignment model: parameters once, then the questions.

    Parameters
    ----------
    **parameters
        The fields of :class:`AlignmentParams` (``value_a`` and ``value_b`` required).

    Examples
    --------
    >>> model = AlignmentChoice(value_a=3.0, value_b=4.0, threat_a=2.5)
    >>> model.optimum().regime, model.switch_threat("A")
    ('bandwagon_a', 2.0)
    >>> model.with_changes(threat_a=1.0).optimum().regime
    'hedge'
    """

    def __init__(self, **parameters: float) -> None:
        self.params = AlignmentParams(**parameters)

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{f.name}={getattr(self.params, f.name)!r}" for f in dataclasses.fields(self.params)
        )
        return f"AlignmentChoice({fields})"

    def with_changes(self, **changes: float) -> AlignmentChoice:
        """A new model with some parameters changed."""
        new = AlignmentChoice.__new__(AlignmentChoice)
        new.params = self.params.replace(**changes)
        return new

    def benefit(self, alignment: object) -> float | np.ndarray:
        """See :func:`alignment_benefit`."""
        return alignment_benefit(self.params, alignment)

    def expected_loss(self, alignment: object) -> float | np.ndarray:
        """See :func:`expected_sanction_loss`."""
        return expected_sanction_loss(self.params, alignment)

    def payoff(self, alignment: object) -> float | np.ndarray:
        """See :func:`alignment_payoff`."""
        return alignment_payoff(self.params, alignment)

    def optimum(self) -> AlignmentOptimum:
        """See :func:`optimal_alignment`."""
        return optimal_alignment(self.params)

    def solve(self, benefit: Callable[[float], float] | None = None) -> AlignmentOptimum:
        """See :func:`solve_alignment`."""
        return solve_alignment(self.params, benefit)

    def switch_threat(self, power: str) -> float:
        """See :func:`switch_threat`."""
        return switch_threat(self.params, power)

    def hedging_interval(self) -> tuple[float, float] | None:
        """See :func:`hedging_interval`."""
        return hedging_interval(self.params)
