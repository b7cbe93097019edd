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
)
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
    SWEEP_COLUMNS,
    SWEPT_PARAMETERS,
    CoalitionOutcome,
    WaiverBreak,
    allies_overview,
    coalition_cascade,
    coalition_outcome,
    coalition_sweep,
    find_waiver_break,
    largest_ally,
    load_allies,
    participation_game,
    spread_costs,
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
from .compliance import (
    TargetResponse,
    best_response,
    compliance_map,
    compliance_region,
    critical_discount,
    critical_discount_curve,
    false_alarm_table,
    max_deterring_forgiveness,
    policy_table,
    strategy_values,
    unit_ladder_critical_discount,
)
from .conflict_expectations import CoercionResult, ConflictExpectationsGame, equilibrium_concession
from .dependence import (
    binding_option_level,
    equivalent_partners,
    extractable_surplus,
    hhi,
    hirschman_index,
    partner_shares,
)
from .factions import (
    FACTIONS_COLUMNS,
    SANCTION_KINDS,
    combined_game,
    combined_power_table,
    critical_sizes,
    faction_game,
    load_factions,
    power_table,
    sanctioned_game,
    validate_factions,
)
from .leakage import effectiveness, required_coverage, target_cost
from .participation import (
    MAX_ENUMERATED_ALLIES,
    ParticipationGame,
    best_response_thresholds,
    joining_gain,
    minimal_cascade_penalty,
    minimal_full_participation_penalty,
    participation_payoffs,
    pure_equilibria,
)
from .repeated import grim_trigger_delta, gtft_generosity, memory_one_payoffs
from .small_state import (
    PARTNER_ROLES,
    SMALL_STATES_COLUMNS,
    alignment_params,
    concentration_table,
    load_small_states,
    rescale_partner_shares,
    set_power_share,
    validate_small_states,
)
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
)
from .survival import (
    MARGIN_TOLERANCE,
    Allocation,
    SelectorateModel,
    allocation,
    challenger_offer,
    cost_imposed,
    critical_challenger_relief,
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
    "FALLBACK_SUM_SLACK",
    "MARGIN_TOLERANCE",
    "MAX_COALITION_WEIGHTS",
    "MAX_ENUMERATED_ALLIES",
    "MAX_ENUMERATED_PLAYERS",
    "MAX_PLAYERS",
    "OUTCOMES",
    "PARTNER_ROLES",
    "SANCTION_KINDS",
    "SHARE_TOLERANCE",
    "SMALL_STATES_COLUMNS",
    "SWEEP_COLUMNS",
    "SWEPT_PARAMETERS",
    "TIE_TOLERANCE",
    "UNSC_QUOTA",
    "UNSC_WEIGHTS",
    "AlignmentChoice",
    "AlignmentOptimum",
    "AlignmentParams",
    "AllAtOnce",
    "Allocation",
    "WaiverBreak",
    "CascadeResult",
    "CoalitionOutcome",
    "CoercionResult",
    "ComplianceGame",
    "ConflictExpectationsGame",
    "GenerousTitForTat",
    "Ladder",
    "ParticipationGame",
    "SelectorateModel",
    "SenderPolicy",
    "SimulatedPath",
    "TargetResponse",
    "ThreatEpisodes",
    "ThreatGame",
    "ThreatPopulation",
    "ThreatShares",
    "ThreatSolution",
    "TradeTalks",
    "WeightedVotingGame",
    "alignment_benefit",
    "alignment_params",
    "alignment_payoff",
    "alignment_sweep",
    "allies_overview",
    "allocation",
    "banzhaf",
    "best_response",
    "best_response_thresholds",
    "binding_option_level",
    "challenger_offer",
    "coalition_cascade",
    "combined_game",
    "combined_power_table",
    "compliance_map",
    "coalition_outcome",
    "coalition_sweep",
    "compliance_region",
    "concentration_table",
    "concession_cutoff",
    "cost_imposed",
    "critical_challenger_relief",
    "critical_discount",
    "critical_discount_curve",
    "critical_rent_cut",
    "critical_revenue_cut",
    "critical_sizes",
    "defection_margin",
    "effectiveness",
    "equilibrium_concession",
    "equivalent_partners",
    "expected_level_path",
    "expected_sanction_loss",
    "expected_time_to_sanctions",
    "extractable_surplus",
    "faction_game",
    "false_alarm_table",
    "find_waiver_break",
    "flag_probability",
    "grim_trigger_delta",
    "gtft_generosity",
    "hedging_interval",
    "hhi",
    "hirschman_index",
    "incumbent_advantage",
    "incumbent_best_offer",
    "is_winning",
    "joining_gain",
    "largest_ally",
    "level_distribution",
    "load_allies",
    "load_factions",
    "load_small_states",
    "long_run_civilian_cost",
    "long_run_level",
    "margin_loss_per_cost",
    "max_deterring_forgiveness",
    "memory_one_payoffs",
    "minimal_cascade_penalty",
    "minimal_full_participation_penalty",
    "minimal_winning_coalitions",
    "nash_bargaining_share",
    "optimal_alignment",
    "participation_game",
    "participation_payoffs",
    "partner_shares",
    "pivot_counts",
    "policy_table",
    "power_table",
    "pure_equilibria",
    "rescale_partner_shares",
    "required_coverage",
    "rubinstein_finite_share",
    "rubinstein_share",
    "sanctioned_discount_factor",
    "sanctioned_game",
    "set_power_share",
    "shapley_shubik",
    "simulate",
    "solve_alignment",
    "spread_costs",
    "state_distribution",
    "strategy_values",
    "survives",
    "swing_counts",
    "switch_threat",
    "target_concedes_at_threat",
    "target_cost",
    "threat_free_alignment",
    "threatened_fallback",
    "threshold_cascade",
    "transition_matrix",
    "unit_ladder_critical_discount",
    "validate_allies",
    "validate_factions",
    "validate_small_states",
]
