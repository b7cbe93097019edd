"""Sanctions effectiveness when non-members absorb part of the sanctioned trade (leakage).

A coalition that holds a share ``s`` of the target's trade (its *coverage*) cuts that trade,
but states outside the coalition can take some of it over. The functions here turn coverage
and a diversion rate into the share of the target's trade that is effectively cut.

The functional form is an illustrative assumption of this course, inspired by Early's (2015)
study of sanctions busting; it is not a model taken from Early's book.
"""

from __future__ import annotations

import numpy as np

from ._validate import check_array, check_range

__all__ = ["effectiveness", "required_coverage", "target_cost"]


def _effectiveness(coverage: np.ndarray | float, diversion: float) -> np.ndarray | float:
    """Unvalidated effectiveness, for the models' inner loops (inputs already checked)."""
    return coverage * (1.0 - diversion * (1.0 - coverage))


def _scalar_or_array(values: np.ndarray, original: object) -> float | np.ndarray:
    return float(values) if np.ndim(original) == 0 else values


def effectiveness(coverage: float | np.ndarray, diversion: float) -> float | np.ndarray:
    r"""Share of the target's trade effectively cut by a coalition, allowing for leakage.

    .. math::

        E(s, d) = s \, \bigl(1 - d\,(1 - s)\bigr)

    The coalition's members hold a share :math:`s` of the target's trade and cut it. The
    rest of the world, of size :math:`1 - s`, takes over a fraction :math:`d\,(1 - s)` of the
    cut trade: the diversion rate :math:`d` is the share of sanctioned trade that non-members
    can absorb, scaled by their size. What is left, :math:`E`, is the trade the target loses.

    Properties (each checked by the tests): :math:`E(0, d) = 0` and :math:`E(1, d) = 1` for
    every :math:`d`; :math:`E` increases in :math:`s`;
    :math:`\partial E / \partial d = -s(1 - s) \le 0`, so effectiveness falls as diversion
    rises (strictly when :math:`0 < s < 1`); :math:`\partial^2 E / \partial s^2 = 2d \ge 0`, so
    :math:`E` is convex in :math:`s` and each extra member adds more the larger the
    coalition already is.

    This functional form is **our illustrative assumption**, inspired by Early's (2015)
    argument that third countries' trade with a target can bust sanctions; it is not Early's
    model and its numbers are not estimates.

    Parameters
    ----------
    coverage : float or array_like
        Share(s) :math:`s` of the target's trade held by the sanctioning states, in [0, 1].
    diversion : float
        Diversion rate :math:`d`, in [0, 1]. ``0``: no leakage, ``E = s``.

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar ``coverage``, otherwise an array of the same shape.

    Raises
    ------
    ValueError
        If a coverage value or the diversion rate is outside [0, 1] or NaN.

    References
    ----------
    Early, B. R. (2015). *Busted Sanctions: Explaining Why Economic Sanctions Fail*. Stanford
    University Press. [early2015]

    Examples
    --------
    >>> effectiveness(0.5, 0.0)
    0.5
    >>> effectiveness(0.5, 1.0)
    0.25
    >>> effectiveness([0.0, 0.5, 1.0], 0.4).round(3).tolist()
    [0.0, 0.4, 1.0]
    """
    diversion = check_range("diversion", diversion, 0.0, 1.0)
    s = check_array("coverage", coverage, low=0.0, high=1.0, ndim=None)
    return _scalar_or_array(_effectiveness(s, diversion), coverage)


def required_coverage(effectiveness: float | np.ndarray, diversion: float) -> float | np.ndarray:
    r"""Coverage a coalition needs to cut a given share of the target's trade: the inverse of
    :func:`effectiveness` in :math:`s`.

    Solve :math:`s\,(1 - d\,(1 - s)) = E`, a quadratic :math:`d s^2 + (1 - d) s - E = 0`,
    for its root in [0, 1]:

    .. math::

        s = \frac{2E}{(1 - d) + \sqrt{(1 - d)^2 + 4 d E}},

    written in this form (rather than :math:`(-(1 - d) + \sqrt{\cdots}) / 2d`) so that it
    holds at :math:`d = 0` (:math:`s = E`) and loses no digits for small :math:`d`. At
    :math:`d = 1`, :math:`s = \sqrt{E}`.

    Parameters
    ----------
    effectiveness : float or array_like
        Share(s) :math:`E` of the target's trade to cut, in [0, 1].
    diversion : float
        Diversion rate :math:`d`, in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        The coverage :math:`s`, in [0, 1] (a float for a scalar input).

    Examples
    --------
    Which coverage cuts 0.75 of the target's trade when non-members divert at 0.4?

    >>> round(required_coverage(0.75, 0.4), 5)
    0.81125
    >>> required_coverage(0.25, 1.0), required_coverage(0.3, 0.0)
    (0.5, 0.3)
    """
    diversion = check_range("diversion", diversion, 0.0, 1.0)
    e = check_array("effectiveness", effectiveness, low=0.0, high=1.0, ndim=None)
    rest = 1.0 - diversion
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(e > 0.0, 2.0 * e / (rest + np.sqrt(rest * rest + 4.0 * diversion * e)), 0.0)
    return _scalar_or_array(np.minimum(s, 1.0), effectiveness)


def target_cost(
    coverage: float | np.ndarray, diversion: float, target_trade: float = 1.0
) -> float | np.ndarray:
    r"""Trade the target loses: its total trade times the effectiveness :math:`E(s, d)`.

    .. math::

        C(s, d) = T \, E(s, d) = T \, s \, \bigl(1 - d\,(1 - s)\bigr)

    Parameters
    ----------
    coverage : float or array_like
        Share(s) :math:`s` of the target's trade held by the sanctioning states, in [0, 1].
    diversion : float
        Diversion rate :math:`d`, in [0, 1].
    target_trade : float, default 1.0
        The target's total trade :math:`T` (any unit), in [0, inf). With the default the
        cost is a share of the target's trade.

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar ``coverage``, otherwise an array of the same shape.

    See Also
    --------
    effectiveness : the share :math:`E(s, d)`, with its (illustrative) assumptions.

    References
    ----------
    Early, B. R. (2015). *Busted Sanctions: Explaining Why Economic Sanctions Fail*. Stanford
    University Press. [early2015]

    Examples
    --------
    >>> target_cost(0.5, 1.0, target_trade=200.0)
    50.0
    >>> target_cost(0.5, 0.5, target_trade=-1.0)
    Traceback (most recent call last):
    ...
    ValueError: target_trade must be in [0, inf), got -1.0
    """
    target_trade = check_range("target_trade", target_trade, 0.0, np.inf, high_open=True)
    return target_trade * effectiveness(coverage, diversion)
