"""Formal models of the course, one idea per module.

Lesson 1 (coalition coordination), see :mod:`sanclab.models.coalition`:

* :mod:`~sanclab.models.threshold`: Granovetter's threshold cascade;
* :mod:`~sanclab.models.leakage`: effectiveness when non-members absorb sanctioned trade;
* :mod:`~sanclab.models.participation`: the N-ally participation game;
* :mod:`~sanclab.models.coalition`: the allies table and the links between the models.

Parameter checks shared by all models live in :mod:`sanclab.models._validate`.
"""

from .coalition import (
    ALLIES_COLUMNS,
    CarveOutBreak,
    coalition_cascade,
    find_carve_out_break,
    load_allies,
    participation_game,
    validate_allies,
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
    "MAX_ENUMERATED_ALLIES",
    "SHARE_TOLERANCE",
    "CarveOutBreak",
    "CascadeResult",
    "ParticipationGame",
    "best_response_thresholds",
    "coalition_cascade",
    "effectiveness",
    "find_carve_out_break",
    "joining_gain",
    "load_allies",
    "minimal_full_participation_penalty",
    "participation_game",
    "participation_payoffs",
    "pure_equilibria",
    "target_cost",
    "threshold_cascade",
    "validate_allies",
]
