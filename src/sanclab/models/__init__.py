"""Formal models of the course, one idea per module.

Lesson 1 (coalition coordination), see :mod:`sanclab.models.coalition`:

* :mod:`~sanclab.models.threshold`: Granovetter's threshold cascade;
* :mod:`~sanclab.models.leakage`: effectiveness when non-members absorb sanctioned trade;
* :mod:`~sanclab.models.participation`: the N-ally participation game;
* :mod:`~sanclab.models.coalition`: the allies table and the links between the models.

Lesson 4 (elite bargaining inside a targeted state):

* :mod:`~sanclab.models.voting_power`: exact Shapley-Shubik and Banzhaf indices of weighted
  voting games, minimal winning coalitions;
* :mod:`~sanclab.models.factions`: the elite-faction table and how sanctions move the game;
* :mod:`~sanclab.models.survival`: the course's selectorate model of leader survival (after
  Bueno de Mesquita et al. 2003).

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
from .factions import (
    FACTIONS_COLUMNS,
    SANCTION_KINDS,
    critical_sizes,
    faction_game,
    load_factions,
    power_table,
    sanctioned_game,
    validate_factions,
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
from .survival import (
    MARGIN_TOLERANCE,
    Allocation,
    SelectorateModel,
    allocation,
    challenger_offer,
    cost_imposed,
    critical_relief,
    critical_rent_cut,
    critical_revenue_cut,
    defection_margin,
    incumbent_advantage,
    incumbent_best_offer,
    margin_loss_per_cost,
    survives,
)
from .threshold import SHARE_TOLERANCE, CascadeResult, threshold_cascade
from .voting_power import (
    MAX_COALITION_WEIGHTS,
    MAX_ENUMERATED_PLAYERS,
    MAX_PLAYERS,
    UNSC_QUOTA,
    UNSC_WEIGHTS,
    WeightedVotingGame,
    banzhaf,
    is_winning,
    minimal_winning_coalitions,
    pivot_counts,
    shapley_shubik,
    swing_counts,
)

__all__ = [
    "ALLIES_COLUMNS",
    "FACTIONS_COLUMNS",
    "MARGIN_TOLERANCE",
    "MAX_COALITION_WEIGHTS",
    "MAX_ENUMERATED_ALLIES",
    "MAX_ENUMERATED_PLAYERS",
    "MAX_PLAYERS",
    "SANCTION_KINDS",
    "SHARE_TOLERANCE",
    "UNSC_QUOTA",
    "UNSC_WEIGHTS",
    "Allocation",
    "CarveOutBreak",
    "CascadeResult",
    "ParticipationGame",
    "SelectorateModel",
    "WeightedVotingGame",
    "allocation",
    "banzhaf",
    "best_response_thresholds",
    "challenger_offer",
    "coalition_cascade",
    "cost_imposed",
    "critical_relief",
    "critical_rent_cut",
    "critical_revenue_cut",
    "critical_sizes",
    "defection_margin",
    "effectiveness",
    "faction_game",
    "find_carve_out_break",
    "incumbent_advantage",
    "incumbent_best_offer",
    "is_winning",
    "joining_gain",
    "load_allies",
    "load_factions",
    "margin_loss_per_cost",
    "minimal_full_participation_penalty",
    "minimal_winning_coalitions",
    "participation_game",
    "participation_payoffs",
    "pivot_counts",
    "power_table",
    "pure_equilibria",
    "sanctioned_game",
    "shapley_shubik",
    "survives",
    "swing_counts",
    "target_cost",
    "threshold_cascade",
    "validate_allies",
    "validate_factions",
]
