r"""Trade dependence: how concentrated a small state's trade is, and what a power can extract.

Hirschman (1945) argued that foreign trade gives power to the country that can interrupt it,
and that a state is the more exposed the more its trade is concentrated on few partners. Two
measures of partner concentration follow him:

* :func:`hhi`, the Herfindahl-Hirschman index :math:`H = \sum_i s_i^2` of the partner shares;
* :func:`hirschman_index`, Hirschman's square-root form :math:`\sqrt{H}`.

Both take shares or raw trade values (normalized inside) and return a number in (0, 1]:
1 for a single partner, :math:`1/n` (or :math:`1/\sqrt{n}`) for :math:`n` equal partners.
:func:`equivalent_partners` turns :math:`H` into a number of equal partners, :math:`1/H`.

The second idea is a power's hold over the small state. :func:`extractable_surplus` is the part
of the gains from trade with a power that the power can claim in bargaining, when the small
state can walk away to a regional outside option. It follows the outside-option principle of
bargaining theory: an outside option changes the deal only once it is worth more than what the
small state would get without it. This measure is the course's own construction (see the
function's notes); it is not a formula from Hirschman's book.

References
----------
Hirschman, A. O. (1945). *National Power and the Structure of Foreign Trade*. University of
California Press. [hirschman1945]

Binmore, K., Rubinstein, A., & Wolinsky, A. (1986). The Nash Bargaining Solution in Economic
Modelling. *RAND Journal of Economics*, 17(2), 176-188. [brw1986]
"""

from __future__ import annotations

import numpy as np

from ._validate import check_array, check_range

__all__ = [
    "binding_option_level",
    "equivalent_partners",
    "extractable_surplus",
    "hhi",
    "hirschman_index",
    "partner_shares",
]


def partner_shares(values: object) -> np.ndarray:
    """Normalize trade values (or shares) over partners so that they sum to 1.

    Parameters
    ----------
    values : array_like of float
        One non-negative, finite trade value or share per partner (at least one partner, a
        positive total). Values already summing to 1 are returned unchanged up to rounding.

    Returns
    -------
    numpy.ndarray
        The shares, a new array summing to 1.

    Raises
    ------
    ValueError
        If a value is negative, infinite or NaN, the array is empty or not 1-d, or all values
        are zero.

    Examples
    --------
    >>> partner_shares([30, 10]).tolist()
    [0.75, 0.25]
    >>> partner_shares([0, 0])
    Traceback (most recent call last):
    ...
    ValueError: trade values must have a positive sum, got 0.0
    """
    array = check_array("trade values", values, low=0.0, high=np.inf, high_open=True, min_length=1)
    total = float(array.sum())
    if not total > 0.0:
        raise ValueError(f"trade values must have a positive sum, got {total!r}")
    return array / total


def hhi(shares: object) -> float:
    r"""Herfindahl-Hirschman index of partner concentration.

    .. math::

        H = \sum_{i=1}^{n} s_i^2, \qquad s_i = \frac{x_i}{\sum_j x_j}

    :math:`H = 1` when all trade goes to one partner and :math:`H = 1/n` for :math:`n`
    equal partners; in general :math:`1/n \le H \le 1`. Moving trade from the largest partner
    to a new partner never raises :math:`H`; moving it to an existing partner can, if the
    recipient ends up larger than the donor was (the change is
    :math:`2\delta(s_j - s_1 + \delta)` for an amount :math:`\delta` moved from the largest
    share :math:`s_1` to :math:`s_j`).

    Parameters
    ----------
    shares : array_like of float
        Trade shares or raw trade values by partner (non-negative, finite, positive total);
        normalized inside.

    Returns
    -------
    float
        :math:`H`, in (0, 1].

    References
    ----------
    Hirschman, A. O. (1945). *National Power and the Structure of Foreign Trade*. University of
    California Press. [hirschman1945]

    Examples
    --------
    >>> hhi([1, 1, 1, 1])
    0.25
    >>> hhi([50, 25, 25])
    0.375
    >>> hhi([0.5, -0.1])
    Traceback (most recent call last):
    ...
    ValueError: trade values[1] must be in [0, inf), got -0.1
    """
    s = partner_shares(shares)
    return float(min(np.dot(s, s), 1.0))


def hirschman_index(shares: object) -> float:
    r"""Hirschman's index of partner concentration, the square root of :math:`H`.

    .. math::

        C = \sqrt{\sum_{i=1}^{n} s_i^2}

    :math:`C = 1` for a single partner and :math:`1/\sqrt{n}` for :math:`n` equal partners.
    It ranks countries exactly as :func:`hhi` does (it is a monotone transformation).
    Hirschman (1945) used this square-root form; the World Bank's concentration indicators
    use it too, on the same 0-1 scale as here.

    Parameters
    ----------
    shares : array_like of float
        Trade shares or raw trade values by partner; normalized inside.

    Returns
    -------
    float
        :math:`C`, in (0, 1].

    References
    ----------
    Hirschman, A. O. (1945). *National Power and the Structure of Foreign Trade*. University of
    California Press. [hirschman1945]

    Examples
    --------
    >>> hirschman_index([1, 1, 1, 1])
    0.5
    >>> hirschman_index([5.0])
    1.0
    """
    return float(min(np.sqrt(hhi(shares)), 1.0))


def equivalent_partners(shares: object) -> float:
    r"""The number of equal partners with the same concentration, :math:`1 / H`.

    Parameters
    ----------
    shares : array_like of float
        Trade shares or raw trade values by partner; normalized inside.

    Returns
    -------
    float
        :math:`1/H`, between 1 and the number of partners with positive trade.

    Examples
    --------
    >>> equivalent_partners([1, 1, 1, 1])
    4.0
    >>> equivalent_partners([50, 25, 25])
    2.6666666666666665
    """
    return 1.0 / hhi(shares)


def _as_output(values: np.ndarray, *originals: object) -> float | np.ndarray:
    if all(np.ndim(x) == 0 for x in originals):
        return float(values)
    return values


def extractable_surplus(
    trade_share: float | np.ndarray,
    regional_option: float | np.ndarray,
    *,
    bargaining_share: float = 0.5,
) -> float | np.ndarray:
    r"""The part of the gains from trade with a power that the power can claim in bargaining.

    The small state and a great power bargain over the gains from their trade, taken to be
    proportional to the power's share :math:`s` of the small state's trade. Without outside
    options the power would get the share :math:`\beta` of it (:math:`\beta = 1/2` is the
    symmetric split of the Nash or the alternating-offers model with equally patient
    players). The small state can instead walk away to a regional outside option worth
    :math:`o` (in the same units as :math:`s`). By the outside-option principle the state gets
    :math:`\max\{(1 - \beta)\,s,\ o\}` if :math:`o \le s` and the relationship breaks down if
    :math:`o > s`; the power keeps the rest:

    .. math::

        X(s, o) = \begin{cases}
            \beta\, s & \text{if } o \le (1 - \beta)\, s
                \quad\text{(the option does not bind)},\\
            s - o & \text{if } (1 - \beta)\, s < o \le s
                \quad\text{(it binds)},\\
            0 & \text{if } o > s.
        \end{cases}

    :math:`X` grows with the trade share (strictly when :math:`o < s`) and falls with the
    outside option, but only once the option binds at :math:`o = (1 - \beta)\,s`
    (:func:`binding_option_level`): below that level a better regional option buys the small
    state nothing in this bargain.

    This is a measure built for the course from the outside-option principle; Hirschman did not
    define it, and the surplus being proportional to the trade share is an assumption. The
    function is named after what it measures, not "leverage": the reading uses leverage for
    the small state's own room for manoeuvre.

    Parameters
    ----------
    trade_share : float or array_like
        The power's share :math:`s` of the small state's trade, in [0, 1].
    regional_option : float or array_like
        Value :math:`o` of the small state's regional outside option, in [0, inf), in the same
        units as ``trade_share``.
    bargaining_share : float, default 0.5
        The power's share :math:`\beta` of the gains without outside options, in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        A float when both inputs are scalars, otherwise an array of the broadcast shape.

    References
    ----------
    Binmore, K., Rubinstein, A., & Wolinsky, A. (1986). The Nash Bargaining Solution in
    Economic Modelling. *RAND Journal of Economics*, 17(2), 176-188. [brw1986]

    Examples
    --------
    A power with 30% of the small state's trade; the regional option binds from 0.15 on.

    >>> extractable_surplus(0.3, 0.0), extractable_surplus(0.3, 0.15)
    (0.15, 0.15)
    >>> round(extractable_surplus(0.3, 0.2), 12)
    0.1
    >>> extractable_surplus(0.3, [0.0, 0.1, 0.25, 0.4]).round(12).tolist()
    [0.15, 0.15, 0.05, 0.0]
    """
    beta = check_range("bargaining_share", bargaining_share, 0.0, 1.0)
    s = check_array("trade_share", trade_share, low=0.0, high=1.0, ndim=None)
    o = check_array("regional_option", regional_option, low=0.0, high=np.inf, ndim=None)
    # explicit branches (not min(beta s, s - o)) so that the value is exactly beta s up to
    # and including the binding level (1 - beta) s, whatever the rounding of s - o
    binds = o > (1.0 - beta) * s
    value = np.where(binds, np.minimum(beta * s, np.where(o > s, 0.0, s - o)), beta * s)
    return _as_output(value, trade_share, regional_option)


def binding_option_level(trade_share: float, *, bargaining_share: float = 0.5) -> float:
    r"""The regional option at which it starts to bind, :math:`(1 - \beta)\, s`.

    Below this level the small state's regional option does not change what a power can
    extract (:func:`extractable_surplus` is flat); above it, every extra unit of the option
    takes one unit from the power, until the option reaches :math:`s`.

    Parameters
    ----------
    trade_share : float
        The power's share :math:`s` of the small state's trade, in [0, 1].
    bargaining_share : float, default 0.5
        The power's share :math:`\beta` of the gains without outside options, in [0, 1].

    Returns
    -------
    float

    Examples
    --------
    >>> binding_option_level(0.3)
    0.15
    >>> round(binding_option_level(0.3, bargaining_share=0.8), 12)
    0.06
    """
    beta = check_range("bargaining_share", bargaining_share, 0.0, 1.0)
    s = check_range("trade_share", trade_share, 0.0, 1.0)
    return (1.0 - beta) * s
