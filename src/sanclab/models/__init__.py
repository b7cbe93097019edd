"""Formal models of the course, one idea per module.

Lesson 1 (coalition coordination), see :mod:`sanclab.models.coalition`:

* :mod:`~sanclab.models.threshold`: Granovetter's threshold cascade;
* :mod:`~sanclab.models.leakage`: effectiveness when non-members absorb sanctioned trade;
* :mod:`~sanclab.models.participation`: the N-ally participation game;
* :mod:`~sanclab.models.coalition`: the allies table and the links between the models.

Lesson 5 (negotiating leverage in trade talks):

* :mod:`~sanclab.models.bargaining`: Nash's split and Rubinstein's alternating offers, with
  sanctions that lower the target's fallback or its patience;
* :mod:`~sanclab.models.coercion`: the threat-versus-imposition game and a population of
  threat episodes showing the selection effect;
* :mod:`~sanclab.models.conflict_expectations`: Drezner's coercion game with conflict
  expectations.

Parameter checks shared by all models live in :mod:`sanclab.models._validate`.
"""

from .bargaining import (
    FALLBACK_SUM_SLACK,
    TradeTalks,
    nash_bargaining_share,
    rubinstein_finite_share,
    rubinstein_share,
    sanctioned_discount_factor,
    threatened_fallback,
)
from .coalition import (
    ALLIES_COLUMNS,
    CarveOutBreak,
    coalition_cascade,
    find_carve_out_break,
    load_allies,
    participation_game,
    validate_allies,
)
from .coercion import (
    OUTCOMES,
    TIE_TOLERANCE,
    ThreatEpisodes,
    ThreatGame,
    ThreatPopulation,
    ThreatShares,
    ThreatSolution,
    concession_cutoff,
    target_concedes_at_threat,
)
from .conflict_expectations import (
    CoercionResult,
    ConflictExpectationsGame,
    equilibrium_concession,
)
from .leakage import effectiveness, target_cost
from .participation import (
    MAX_ENUMERATED_ALLIES,
    ParticipationGame,
    best_response_thresholds,
    joining_gain,
    minimal_full_participation_penalty,
    participation_payoffs,
    pure_equilibria,
)
from .threshold import SHARE_TOLERANCE, CascadeResult, threshold_cascade

__all__ = [
    "ALLIES_COLUMNS",
    "FALLBACK_SUM_SLACK",
    "MAX_ENUMERATED_ALLIES",
    "OUTCOMES",
    "SHARE_TOLERANCE",
    "TIE_TOLERANCE",
    "CarveOutBreak",
    "CascadeResult",
    "CoercionResult",
    "ConflictExpectationsGame",
    "ParticipationGame",
    "ThreatEpisodes",
    "ThreatGame",
    "ThreatPopulation",
    "ThreatShares",
    "ThreatSolution",
    "TradeTalks",
    "best_response_thresholds",
    "coalition_cascade",
    "concession_cutoff",
    "effectiveness",
    "equilibrium_concession",
    "find_carve_out_break",
    "joining_gain",
    "load_allies",
    "minimal_full_participation_penalty",
    "nash_bargaining_share",
    "participation_game",
    "participation_payoffs",
    "pure_equilibria",
    "rubinstein_finite_share",
    "rubinstein_share",
    "sanctioned_discount_factor",
    "target_concedes_at_threat",
    "target_cost",
    "threatened_fallback",
    "threshold_cascade",
    "validate_allies",
]
