"""Formal models of the course, one idea per module.

Lesson 1 (coalition coordination), see :mod:`sanclab.models.coalition`:

* :mod:`~sanclab.models.threshold`: Granovetter's threshold cascade;
* :mod:`~sanclab.models.leakage`: effectiveness when non-members absorb sanctioned trade;
* :mod:`~sanclab.models.participation`: the N-ally participation game;
* :mod:`~sanclab.models.coalition`: the allies table and the links between the models.

Lesson 2 (small-state alignment between great powers), see :mod:`sanclab.models.small_state`:

* :mod:`~sanclab.models.dependence`: partner concentration (Hirschman) and what a power can
  extract when the small state has a regional outside option;
* :mod:`~sanclab.models.alignment`: the alignment (hedging) choice under secondary-sanction
  threats;
* :mod:`~sanclab.models.small_state`: the small-states trade table and the links between the
  models.

Parameter checks shared by all models live in :mod:`sanclab.models._validate`.
"""

from .alignment import (
    ALIGNMENT_SLACK,
    AlignmentChoice,
    AlignmentOptimum,
    AlignmentParams,
    alignment_benefit,
    alignment_payoff,
    alignment_sweep,
    expected_sanction_loss,
    hedging_interval,
    optimal_alignment,
    solve_alignment,
    switch_threat,
    threat_free_alignment,
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
from .dependence import (
    binding_option_level,
    equivalent_partners,
    extractable_surplus,
    hhi,
    hirschman_index,
    partner_shares,
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
from .small_state import (
    PARTNER_ROLES,
    SMALL_STATES_COLUMNS,
    alignment_params,
    concentration_table,
    load_small_states,
    validate_small_states,
)
from .threshold import SHARE_TOLERANCE, CascadeResult, threshold_cascade

__all__ = [
    "ALIGNMENT_SLACK",
    "ALLIES_COLUMNS",
    "MAX_ENUMERATED_ALLIES",
    "PARTNER_ROLES",
    "SHARE_TOLERANCE",
    "SMALL_STATES_COLUMNS",
    "AlignmentChoice",
    "AlignmentOptimum",
    "AlignmentParams",
    "CarveOutBreak",
    "CascadeResult",
    "ParticipationGame",
    "alignment_benefit",
    "alignment_params",
    "alignment_payoff",
    "alignment_sweep",
    "best_response_thresholds",
    "binding_option_level",
    "coalition_cascade",
    "concentration_table",
    "effectiveness",
    "equivalent_partners",
    "expected_sanction_loss",
    "extractable_surplus",
    "find_carve_out_break",
    "hedging_interval",
    "hhi",
    "hirschman_index",
    "joining_gain",
    "load_allies",
    "load_small_states",
    "minimal_full_participation_penalty",
    "optimal_alignment",
    "participation_game",
    "participation_payoffs",
    "partner_shares",
    "pure_equilibria",
    "solve_alignment",
    "switch_threat",
    "target_cost",
    "threat_free_alignment",
    "threshold_cascade",
    "validate_allies",
    "validate_small_states",
]
