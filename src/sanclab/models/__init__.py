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
Lesson 3 (phased reintroduction / snapback under noisy verification):

* :mod:`~sanclab.models.repeated`: grim trigger and generous tit for tat (published results);
* :mod:`~sanclab.models.snapback`: the sender's policies (all at once, ladder, generous tit
  for tat) as Markov chains under false alarms and misses;
* :mod:`~sanclab.models.compliance`: the target's choice, deterrence and sustained
  compliance thresholds.
Lesson 4 (elite bargaining inside a targeted state):

* :mod:`~sanclab.models.voting_power`: exact Shapley-Shubik and Banzhaf indices of weighted
  voting games, minimal winning coalitions;
* :mod:`~sanclab.models.factions`: the elite-faction table and how sanctions move the game;
* :mod:`~sanclab.models.survival`: the course's selectorate model of leader survival (after
  Bueno de Mesquita et al. 2003).
Lesson 5 (negotiating leverage in trade talks):

* :mod:`~sanclab.models.bargaining`: Nash's split and Rubinstein's alternating offers, with
  sanctions that lower the target's fallback or its patience;
* :mod:`~sanclab.models.coercion`: the threat-versus-imposition game and a population of
  threat episodes showing the selection effect;
* :mod:`~sanclab.models.conflict_expectations`: Drezner's coercion game with conflict
  expectations.

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
from .dependence import (
    binding_option_level,
    equivalent_partners,
    extractable_surplus,
    hhi,
    hirschman_index,
    partner_shares,
from .compliance import (
    TargetResponse,
    best_response,
    compliance_region,
    critical_discount,
    max_deterring_forgiveness,
    strategy_values,
    unit_ladder_critical_discount,
from .factions import (
    FACTIONS_COLUMNS,
    SANCTION_KINDS,
    critical_sizes,
    faction_game,
    load_factions,
    power_table,
    sanctioned_game,
    validate_factions,
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
from .small_state import (
    PARTNER_ROLES,
    SMALL_STATES_COLUMNS,
    alignment_params,
    concentration_table,
    load_small_states,
    validate_small_states,
from .repeated import grim_trigger_delta, gtft_generosity, memory_one_payoffs
from .snapback import (
    AllAtOnce,
    ComplianceGame,
    GenerousTitForTat,
    Ladder,
    SenderPolicy,
    SimulatedPath,
    expected_level_path,
    expected_time_to_sanctions,
    flag_probability,
    level_distribution,
    long_run_civilian_cost,
    long_run_level,
    simulate,
    state_distribution,
    transition_matrix,
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
    "ALIGNMENT_SLACK",
    "ALLIES_COLUMNS",
    "FACTIONS_COLUMNS",
    "MARGIN_TOLERANCE",
    "MAX_COALITION_WEIGHTS",
    "MAX_ENUMERATED_ALLIES",
    "PARTNER_ROLES",
    "SHARE_TOLERANCE",
    "SMALL_STATES_COLUMNS",
    "AlignmentChoice",
    "AlignmentOptimum",
    "AlignmentParams",
    "AllAtOnce",
    "MAX_ENUMERATED_PLAYERS",
    "MAX_PLAYERS",
    "SANCTION_KINDS",
    "SHARE_TOLERANCE",
    "UNSC_QUOTA",
    "UNSC_WEIGHTS",
    "Allocation",
    "CarveOutBreak",
    "CascadeResult",
    "ComplianceGame",
    "GenerousTitForTat",
    "Ladder",
    "ParticipationGame",
    "alignment_benefit",
    "alignment_params",
    "alignment_payoff",
    "alignment_sweep",
    "SenderPolicy",
    "SimulatedPath",
    "TargetResponse",
    "best_response",
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
    "binding_option_level",
    "coalition_cascade",
    "concentration_table",
    "effectiveness",
    "equivalent_partners",
    "expected_sanction_loss",
    "extractable_surplus",
    "concession_cutoff",
    "effectiveness",
    "equilibrium_concession",
    "find_carve_out_break",
    "hedging_interval",
    "hhi",
    "hirschman_index",
    "compliance_region",
    "critical_discount",
    "effectiveness",
    "expected_level_path",
    "expected_time_to_sanctions",
    "find_carve_out_break",
    "flag_probability",
    "grim_trigger_delta",
    "gtft_generosity",
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
    "level_distribution",
    "load_allies",
    "load_small_states",
    "long_run_civilian_cost",
    "long_run_level",
    "max_deterring_forgiveness",
    "memory_one_payoffs",
    "minimal_full_participation_penalty",
    "optimal_alignment",
    "nash_bargaining_share",
    "participation_game",
    "participation_payoffs",
    "partner_shares",
    "pure_equilibria",
    "solve_alignment",
    "switch_threat",
    "simulate",
    "state_distribution",
    "strategy_values",
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
    "threat_free_alignment",
    "rubinstein_finite_share",
    "rubinstein_share",
    "sanctioned_discount_factor",
    "target_concedes_at_threat",
    "target_cost",
    "threatened_fallback",
    "threshold_cascade",
    "transition_matrix",
    "unit_ladder_critical_discount",
    "validate_allies",
    "validate_small_states",
    "validate_factions",
]
